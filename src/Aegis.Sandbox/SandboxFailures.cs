using Aegis.Core.Verdicts;

namespace Aegis.Sandbox;

/// <summary>How a sandbox that stopped answering is reported: one error code per cause, messages in the scanner's words.</summary>
internal static class SandboxFailures
{
    /// <summary>Codes the sandbox may send back; anything else becomes "internal".</summary>
    public static readonly IReadOnlySet<string> KnownCodes = new HashSet<string>
    {
        ErrorCodes.ModelNotFound, ErrorCodes.ModelUnreadable, ErrorCodes.ModelContract, ErrorCodes.DatasetInvalid,
        ErrorCodes.DatasetMismatch, ErrorCodes.NumericalFailure, ErrorCodes.InvalidParameters, ErrorCodes.Internal,
        ErrorCodes.FeaturesInconsistent, ErrorCodes.ModelMemoryLimit, ErrorCodes.DeviceUnavailable,
    };

    /// <summary>Lines of the sandbox's standard error that mean an allocation failed (libtorch, the C++ runtime, .NET).</summary>
    private static readonly string[] OutOfMemoryMarkers = ["can't allocate memory", "std::bad_alloc", "OutOfMemoryException", "Out of memory"];

    public static ScanFailureException Unexpected(int exitCode, string operation, string errorTail)
    {
        if (OutOfMemoryMarkers.Any(m => errorTail.Contains(m, StringComparison.Ordinal)))
            return MemoryLimit(operation);
        // 128 + SIGXCPU: the CPU-time limit (the timeout times the thread count) ran out.
        if (exitCode == 128 + 24)
            return new ScanFailureException(ErrorCodes.ModelTimeout, $"The model used up its CPU-time limit while running {operation}; it was stopped.");
        string how = exitCode > 128 ? $"killed by signal {SignalName(exitCode - 128)}" : $"exited with code {exitCode}";
        return new ScanFailureException(ErrorCodes.ModelCrashed, $"The model's sandbox {how} while running {operation}; the scanner carries on without it.");
    }

    public static ScanFailureException MemoryLimit(string operation) =>
        new(ErrorCodes.ModelMemoryLimit, $"The model went over the sandbox's memory limit while running {operation}; it was stopped (raise --max-memory if the model is legitimately large).");

    public static string Sanitize(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
            return "The sandbox reported an error without a message.";
        var clean = new string(message.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length > 1000 ? clean[..1000] + "…" : clean;
    }

    private static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        _ => signal.ToString(),
    };
}
