using Aegis.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var settings = FunctionsSettings.Load(Environment.GetEnvironmentVariable);
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAegisFunctions(settings);
builder.Services.AddFunctionsTelemetry(settings);
builder.Build().Run();
