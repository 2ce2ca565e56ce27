namespace Aegis.Sandbox;

/// <summary>What isolation this machine offers the sandbox.</summary>
public static class SandboxIsolation
{
    /// <summary>Why bubblewrap cannot isolate the sandbox here; null when it can.</summary>
    public static string? BubblewrapProblem => Bubblewrap.Usable.Problem;
}
