using Aegis.Core.Verdicts;
using Aegis.Functions.Api;
using Aegis.Reporting;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Functions.Hosting;

/// <summary>Everything the app's functions need: the pipeline's services with the workers for model inspection and translation.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddAegisFunctions(this IServiceCollection services, AegisSettings settings)
    {
        // Orchestration and activity payloads in the pipeline's JSON, as aegis serve stores them.
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(PipelineJson.Options));
        services.AddScanPipeline(settings);
        // No TorchSharp here: the workers inspect models and translate classes, each request under a grant signed with the worker key.
        var grants = new WorkerGrantSigner(settings.WorkerKey ?? throw new InvalidOperationException("Aegis__WorkerKey is required with workers."));
        services.AddSingleton<IModelInspector>(_ => new HttpModelInspector(WorkerHttp.CreateClient(settings, WorkerHttp.InspectionTimeout), settings.Workers, grants));
        // The pool moves a class to another worker when one fails.
        services.AddSingleton<ITranslationWorker>(_ => new HttpTranslationWorkerPool(WorkerHttp.CreateClient(settings, WorkerHttp.PollTimeout), settings.Workers, grants));
        // Trigger checks go first to the worker that translated the class; Neural Cleanse to any.
        services.AddSingleton<IModelRuns>(_ => new HttpModelRuns(WorkerHttp.CreateClient(settings, WorkerHttp.ModelRunTimeout), settings.Workers, grants));
        services.AddSingleton<IScanArtifacts, ReportArtifacts>();
        services.AddSingleton<ScanClients>();
        return services;
    }
}
