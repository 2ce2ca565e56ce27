using System.CommandLine;
using Aegis.Serve;
using Aegis.Worker;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary><c>aegis serve</c> (embedded host: trigger, orchestrations, API) and <c>aegis worker</c> (translation worker).</summary>
public static class PipelineCommands
{
    public static IEnumerable<Command> Create()
    {
        var serveUrls = new Option<string>("--urls") { Description = "Where the host's HTTP API listens.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var serve = new Command("serve", "Run the embedded host: blob trigger on the models container, scan orchestrations and the HTTP API. Settings: AzureWebJobsStorage and Aegis__* (environment or local.settings.json).");
        serve.Options.Add(serveUrls);
        var serveSandbox = new SandboxCommandOptions();
        serveSandbox.AddTo(serve);
        serve.SetAction(async (ParseResult r, CancellationToken ct) =>
            serveSandbox.ReadValid(r) is { } sandbox ? await HostApp.RunAsync(r.GetValue(serveUrls)!, ct, sandbox) : ExitCodes.Usage);

        var workerUrls = new Option<string>("--urls") { Description = "Where the worker listens, e.g. http://127.0.0.1:7101.", Required = true };
        var worker = new Command("worker", "Run a translation worker (POST /api/translations starts a class, GET polls it); list its URL in the host's Aegis__Workers.");
        worker.Options.Add(workerUrls);
        var workerSandbox = new SandboxCommandOptions();
        workerSandbox.AddTo(worker);
        worker.SetAction(async (ParseResult r, CancellationToken ct) =>
            workerSandbox.ReadValid(r) is { } sandbox ? await WorkerApp.RunAsync(r.GetValue(workerUrls)!, ct, sandbox) : ExitCodes.Usage);

        return [serve, worker, UploadCommand.Create()];
    }
}
