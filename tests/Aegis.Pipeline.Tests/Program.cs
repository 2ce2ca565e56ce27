using Aegis.Serve;
using Aegis.Worker;

namespace Aegis.Pipeline.Tests;

/// <summary>
/// Lets the tests start the real host and worker as separate processes without depending on the
/// CLI: <c>dotnet Aegis.Pipeline.Tests.dll host|worker URLS</c>, configured by environment variables
/// exactly as <c>aegis serve</c> and <c>aegis worker</c> are.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Aegis.Pipeline.Tests host|worker URLS");
            return 4;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        return args[0] switch
        {
            "host" => await HostApp.RunAsync(args[1], stop.Token),
            "worker" => await WorkerApp.RunAsync(args[1], stop.Token),
            _ => 4,
        };
    }
}
