using System.Collections.Concurrent;
using System.Diagnostics;

namespace Aegis.Sandbox;

/// <summary>
/// Starts sandbox processes from one thread that lives as long as the process. Linux delivers a
/// child's parent-death signal (bubblewrap's --die-with-parent, the plain sandbox's
/// PR_SET_PDEATHSIG) when the parent *thread* that forked it exits; a thread-pool thread retires
/// when idle, which would kill a sandbox in the middle of a scan.
/// </summary>
internal static class ChildSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();

    static ChildSpawner()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "aegis-sandbox-spawner" };
        thread.Start();
    }

    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start."));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
