using Aegis.Core.Verdicts;
using Aegis.Sandbox.Walls;

namespace Aegis.Sandbox;

/// <summary>
/// The isolation a sandbox will run under, chosen before it starts from what the operator asked
/// for and what this machine offers; never weaker than asked, and never a plain process unless
/// the operator said the model is trusted.
/// </summary>
/// <param name="Name">One of <see cref="IsolationNames"/> (not auto).</param>
/// <param name="Walls">The walls the sandbox raises ("bubblewrap", "landlock", "seccomp"); it runs only if all hold.</param>
/// <param name="LandlockAbi">The Landlock ABI of a confined sandbox's rules.</param>
/// <param name="Note">What the isolation means for a hostile model, in a sentence or two, for the verdict.</param>
internal sealed record IsolationPlan(string Name, IReadOnlyList<string> Walls, int? LandlockAbi, string Note)
{
    public const string BubblewrapWall = "bubblewrap", LandlockWall = "landlock", SeccompWall = "seccomp";

    private const string SeccompMeaning =
        "a seccomp allow-list refuses sockets, new processes, namespaces, ptrace, shared memory and memfd, links and mounts";

    public bool UsesBubblewrap => Name == IsolationNames.Bubblewrap;

    public static IsolationPlan Choose(IsolationMode mode)
    {
        switch (mode)
        {
            case IsolationMode.TrustedProcess:
                return new IsolationPlan(IsolationNames.TrustedProcess, [], null,
                    "The model was trusted (--isolation trusted-process): it ran as a plain child process with the scanner's own rights, "
                    + "under resource limits only; nothing kept it from the machine's files, the network or other processes.");
            case IsolationMode.Bubblewrap:
                return BubblewrapPlan() ?? throw Unavailable($"The sandbox must run under bubblewrap with seccomp, but {BubblewrapProblem}.");
            case IsolationMode.Confined:
                return ConfinedPlan(requested: true) ?? throw Unavailable($"The sandbox must run confined by Landlock and seccomp, but {ConfinedProblem}.");
            default:
                return BubblewrapPlan() ?? ConfinedPlan(requested: false) ?? throw Unavailable(
                    $"No isolation that holds native code is available here: bubblewrap cannot be used ({BubblewrapProblem}) "
                    + $"and confinement cannot ({ConfinedProblem}). Install bubblewrap, allow user namespaces or Landlock and seccomp "
                    + "in the container runtime, or pass --isolation trusted-process for models you trust.");
        }
    }

    /// <summary>Why bubblewrap with seccomp cannot run here; null when it can.</summary>
    public static string? BubblewrapProblem => Bubblewrap.Usable.Problem ?? Seccomp.Problem;

    /// <summary>Why Landlock with seccomp cannot run here; null when it can.</summary>
    public static string? ConfinedProblem => Landlock.Problem ?? Seccomp.Problem;

    private static IsolationPlan? BubblewrapPlan() => BubblewrapProblem is null
        ? new IsolationPlan(IsolationNames.Bubblewrap, [BubblewrapWall, SeccompWall], null,
            "The model ran under bubblewrap: namespaces of its own (no network, no other processes), a read-only view of its inputs, "
            + $"the libraries and the runtime, one writable folder and no capabilities; {SeccompMeaning}.")
        : null;

    private static IsolationPlan? ConfinedPlan(bool requested)
    {
        if (ConfinedProblem is not null)
            return null;
        int abi = Landlock.UsableAbi;
        string network = abi >= 4 ? " and no TCP" : "";
        string scope = abi >= 6 ? "; it cannot signal or reach the abstract sockets of processes outside" : "";
        string why = requested ? "as requested" : $"because bubblewrap cannot be used here ({BubblewrapProblem})";
        return new IsolationPlan(IsolationNames.Confined, [LandlockWall, SeccompWall], abi,
            $"The model ran confined, {why}: Landlock (ABI {abi}) let it read only its inputs, the libraries and the runtime, "
            + $"write only its own folder{network}{scope}; it had no capabilities, and {SeccompMeaning}.");
    }

    private static ScanFailureException Unavailable(string message) => new(ErrorCodes.SandboxUnavailable, message);
}
