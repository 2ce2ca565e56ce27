using System.CommandLine;
using Aegis.Serve;
using Aegis.Worker;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary><c>aegis serve</c> (embedded host: trigger, orchestrations, API, and a worker of its own) and <c>aegis worker</c> (a queue worker).</summary>
public static class PipelineCommands
{
    public static IEnumerable<Command> Create()
    {
        var serveUrls = new Option<string>("--urls") { Description = "Where the host's HTTP API listens.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var serve = new Command("serve", "Run the embedded host: blob trigger on the models container, scan orchestrations, the HTTP API, and a worker taking jobs from the job queue (unless Aegis__LocalWorker=false). Settings: AzureWebJobsStorage and Aegis__* (environment or local.settings.json).");
        serve.Options.Add(serveUrls);
        var serveSandbox = new SandboxCommandOptions();
        serveSandbox.AddTo(serve);
        serve.SetAction(async (ParseResult r, CancellationToken ct) =>
            serveSandbox.ReadValid(r) is { } sandbox ? await HostApp.RunAsync(r.GetValue(serveUrls)!, ct, sandbox) : ExitCodes.Usage);

        var workerUrls = new Option<string>("--urls") { Description = "Where the worker answers health probes (GET /api/health); it takes no other request.", DefaultValueFactory = _ => WorkerApp.DefaultUrls };
        var worker = new Command("worker", "Run a worker: take jobs (model inspections, classes, Neural Cleanse) from the job queue in AzureWebJobsStorage (Aegis__JobQueue) and run each model in its sandbox. Start as many as the machines allow.");
        worker.Options.Add(workerUrls);
        var workerSandbox = new SandboxCommandOptions();
        workerSandbox.AddTo(worker);
        worker.SetAction(async (ParseResult r, CancellationToken ct) =>
            workerSandbox.ReadValid(r) is { } sandbox ? await WorkerApp.RunAsync(r.GetValue(workerUrls)!, ct, sandbox) : ExitCodes.Usage);

        return [serve, worker, UploadCommand.Create()];
    }
}
