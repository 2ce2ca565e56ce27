using System.Text.Json;
using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// The walls a sandbox program raises around itself, first thing in Main and before anything of
/// the model is read, as its parent asked (<see cref="ChildEnvironment.Walls"/>):
/// <list type="bullet">
/// <item>confined: Landlock on a first stage that executes the program again (<see cref="ConfinedLaunch"/>);</item>
/// <item>under bubblewrap and confined: resource limits, then the seccomp allow-list on every thread
/// (<see cref="SeccompPolicy"/>), then a check that no_new_privs, the filter, no capabilities and
/// (confined) Landlock are in force;</item>
/// <item>a trusted process: resource limits only.</item>
/// </list>
/// A wall that cannot be raised ends the program with <see cref="FailedExitCode"/> before it
/// answers anything, which the parent reports as sandbox-unavailable.
/// </summary>
public static class SandboxWalls
{
    public const int FailedExitCode = 97;
    private const string LandlockStage = "landlock";

    public static void Raise()
    {
        try
        {
            string walls = Environment.GetEnvironmentVariable(ChildEnvironment.Walls)
                ?? throw new WallException($"the parent named no isolation ({ChildEnvironment.Walls}).");
            if (walls == IsolationNames.Confined && Environment.GetEnvironmentVariable(ChildEnvironment.Stage) is null)
                ConfinedLaunch.Run(Inputs(), Directory.GetCurrentDirectory(), $"{ChildEnvironment.Stage}={LandlockStage}");
            ResourceLimits.Apply();
            switch (walls)
            {
                case IsolationNames.TrustedProcess:
                    return;
                case IsolationNames.Bubblewrap or IsolationNames.Confined:
                    Seccomp.Install(SeccompPolicy.Build(Environment.ProcessId, forLaunch: false));
                    WallCheck.Verify(landlock: walls == IsolationNames.Confined);
                    return;
                default:
                    throw new WallException("the parent named an unknown isolation.");
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, the walls are not known to stand: nothing of the model may be read.
            Console.Error.WriteLine($"The sandbox's walls could not be raised: {e.Message}");
            Environment.Exit(FailedExitCode);
        }
    }

    private static string[] Inputs() =>
        JsonSerializer.Deserialize<string[]>(Environment.GetEnvironmentVariable(ChildEnvironment.Inputs) ?? "[]") ?? [];
}
