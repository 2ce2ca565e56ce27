using Aegis.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var settings = FunctionsSettings.Load(new ConfigurationBuilder().AddEnvironmentVariables().Build());
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAegisFunctions(settings);
builder.Services.AddFunctionsTelemetry(settings);
builder.Build().Run();
