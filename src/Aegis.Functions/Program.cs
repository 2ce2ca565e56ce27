using Aegis.Functions.Api;
using Aegis.Functions.Hosting;
using Aegis.Scanning;
using Aegis.Scanning.Storage;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var settings = FunctionsSettings.Load(Environment.GetEnvironmentVariable);
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// Orchestration and activity payloads in the pipeline's JSON, as aegis serve stores them.
builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(PipelineJson.Options));
builder.Services.AddScanPipeline(settings);
builder.Services.AddSingleton<ScanClients>();
builder.Services.AddFunctionsTelemetry(settings);
builder.Build().Run();
