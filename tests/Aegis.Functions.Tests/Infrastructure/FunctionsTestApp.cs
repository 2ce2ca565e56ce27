using Aegis.Functions.Hosting;
using Aegis.Functions.Orchestration;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app's own service registration on real blobs (Azurite), with the Durable Task SDK's
/// in-process engine standing in for the Functions host's Durable extension: it runs the app's
/// orchestrator wrapper, and a test may register more tasks.
/// </summary>
internal sealed class FunctionsTestApp : IAsyncDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly DurableTaskTestHost _engine;

    private FunctionsTestApp(AzuriteServer azurite, DurableTaskTestHost engine, ServiceProvider services)
    {
        _azurite = azurite;
        _engine = engine;
        Services = services;
    }

    public ServiceProvider Services { get; }
    public ScanStorage Storage => Services.GetRequiredService<ScanStorage>();
    public DurableTaskClient Client => _engine.Client;

    public static async Task<FunctionsTestApp> StartAsync(Action<DurableTaskRegistry>? addTasks = null)
    {
        var azurite = new AzuriteServer();
        var converter = new JsonDataConverter(PipelineJson.Options);
        var engine = await DurableTaskTestHost.StartAsync(
            tasks =>
            {
                tasks.AddOrchestratorFunc<ScanRequest, ScanSummary>(nameof(ScanOrchestrator), (context, _) => ScanOrchestratorFunction.RunAsync(context));
                addTasks?.Invoke(tasks);
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            });
        var settings = FunctionsSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Aegis:JobQueue"] = "functions-jobs",
        }).Build());
        var services = new ServiceCollection().AddLogging().AddAegisFunctions(settings).BuildServiceProvider();
        var app = new FunctionsTestApp(azurite, engine, services);
        await app.Storage.EnsureContainersAsync();
        return app;
    }

    /// <summary>A function class of the app, built as the Functions worker builds it.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await Services.DisposeAsync();
        _azurite.Dispose();
    }
}
