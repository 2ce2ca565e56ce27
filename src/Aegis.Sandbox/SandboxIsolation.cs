namespace Aegis.Sandbox;

/// <summary>What isolation this machine offers the sandbox (for start-up logs, health reports and tests).</summary>
public static class SandboxIsolation
{
    /// <summary>Why bubblewrap with seccomp cannot isolate the sandbox here; null when it can.</summary>
    public static string? BubblewrapProblem => IsolationPlan.BubblewrapProblem;

    /// <summary>Why Landlock with seccomp cannot confine the sandbox here; null when it can.</summary>
    public static string? ConfinedProblem => IsolationPlan.ConfinedProblem;

    /// <summary>What <paramref name="mode"/> gives on this machine: the isolation's name and its walls, or why it is unavailable.</summary>
    public static string Describe(IsolationMode mode)
    {
        try
        {
            var plan = IsolationPlan.Choose(mode);
            return plan.Walls.Count == 0
                ? $"{plan.Name} (no walls: the model is trusted)"
                : $"{plan.Name} ({string.Join(" + ", plan.Walls.Select(w => w == IsolationPlan.LandlockWall ? $"landlock ABI {plan.LandlockAbi}" : w))})";
        }
        catch (Aegis.Core.Verdicts.ScanFailureException e)
        {
            return $"unavailable: {e.Message}";
        }
    }
}
