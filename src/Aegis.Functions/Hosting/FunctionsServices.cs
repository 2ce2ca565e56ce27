using Aegis.Core.Verdicts;
using Aegis.Functions.Api;
using Aegis.Reporting;
using Aegis.Pipeline;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Functions.Hosting;

/// <summary>
/// Everything the app's functions need: the pipeline's services. No model runs here (no TorchSharp):
/// model work goes to the job queue, where the GPU workers take it.
/// </summary>
public static class FunctionsServices
{
    public static IServiceCollection AddAegisFunctions(this IServiceCollection services, AegisSettings settings)
    {
        // Orchestration and activity payloads in the pipeline's JSON, as aegis serve stores them.
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(PipelineJson.Options));
        services.AddScanPipeline(settings);
        services.AddSingleton<IScanArtifacts, ReportArtifacts>();
        services.AddSingleton<ScanClients>();
        return services;
    }
}
