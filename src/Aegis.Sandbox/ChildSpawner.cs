using System.Collections.Concurrent;
using System.Diagnostics;
using Aegis.Sandbox.Walls;

namespace Aegis.Sandbox;

/// <summary>
/// Starts sandbox processes from one thread that lives as long as the process. Linux delivers a
/// child's parent-death signal (bubblewrap's --die-with-parent, the sandbox's own
/// PR_SET_PDEATHSIG) when the parent *thread* that forked it exits; a thread-pool thread retires
/// when idle, which would kill a sandbox in the middle of a scan. Being the one thread that
/// starts sandboxes also lets it hand one descriptor to exactly one child (bubblewrap's seccomp
/// program): .NET passes a child only descriptors 0-2 and those not marked close-on-exec.
/// </summary>
internal static class ChildSpawner
{
    private const int SetDescriptorFlags = 2, DescriptorCloseOnExec = 1;

    private static readonly BlockingCollection<(ProcessStartInfo Start, int? Inherited, TaskCompletionSource<Process> Started)> Requests = new();

    static ChildSpawner()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "aegis-sandbox-spawner" };
        thread.Start();
    }

    /// <param name="inherited">A descriptor the child inherits (close-on-exec again once it has started).</param>
    public static Task<Process> StartAsync(ProcessStartInfo start, int? inherited = null)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, inherited, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (start, inherited, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                if (inherited is int fd && SeccompFile.Fcntl(fd, SetDescriptorFlags, 0) != 0)
                    throw new InvalidOperationException($"The sandbox's descriptor {fd} cannot be passed on (errno {NativeCalls.LastError}).");
                try
                {
                    started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start."));
                }
                finally
                {
                    if (inherited is int again)
                        SeccompFile.Fcntl(again, SetDescriptorFlags, DescriptorCloseOnExec);
                }
            }
            catch (Exception e)
            {
                started.TrySetException(e);
            }
        }
    }
}
