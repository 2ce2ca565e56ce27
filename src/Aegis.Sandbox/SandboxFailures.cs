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

    /// <summary>
    /// An error the sandbox reported, in the scanner's own words from its code and the operation
    /// alone: the sandbox's text (which a model can shape) goes only to its standard error, shown
    /// with AEGIS_SANDBOX_DEBUG=1. Where the scanner can find the detail itself (a dataset it can
    /// read), its caller adds it.
    /// </summary>
    public static ScanFailureException Reported(string code, string operation) => code switch
    {
        ErrorCodes.ModelNotFound => new(code, $"The model's sandbox could not find the model file while running {operation}."),
        ErrorCodes.ModelUnreadable => new(code,
            "The model could not be loaded as TorchScript or as a lab model (a corrupt or truncated archive, code that does not compile, "
            + $"or a file saved by an incompatible PyTorch){Shows("the sandbox's own words")}."),
        ErrorCodes.ModelContract => new(code,
            $"The model does not meet the scanner's contract (checked while running {operation}): forward(x) must take float32 images "
            + "[N,C,H,W] in [0,1] and return finite float32 logits [N,K], K ≥ 2, that depend differentiably on x, and an exported "
            + $"features(x) must return finite float32 penultimate activations [N,D]{Shows("which check failed")}."),
        ErrorCodes.DatasetInvalid => new(code, $"The dataset could not be read in the model's sandbox while running {operation}{Shows("the sandbox's own words")}."),
        ErrorCodes.DatasetMismatch => new(code,
            $"The dataset does not fit the model (its image shape or number of classes differs; scan the model with the dataset it was trained on){Shows("the sandbox's own words")}."),
        ErrorCodes.NumericalFailure => new(code, $"A computation on the model's outputs failed numerically (NaN or infinity) while running {operation}{Shows("the sandbox's own words")}."),
        ErrorCodes.FeaturesInconsistent => new(code, $"The model's exported features do not explain its logits (checked while running {operation}){Shows("the sandbox's own words")}."),
        ErrorCodes.InvalidParameters => new(code, $"The model's sandbox refused the parameters of {operation}{Shows("the sandbox's own words")}."),
        ErrorCodes.ModelMemoryLimit => MemoryLimit(operation),
        ErrorCodes.DeviceUnavailable => new(code,
            "--device cuda was asked for, but this build or machine has no CUDA device (the default build uses TorchSharp-cpu). Use --device cpu or auto."),
        _ => new(ErrorCodes.Internal, $"{operation} failed inside the model's sandbox{Shows("the sandbox's own words")}."),
    };

    /// <summary>The walls did not hold before the sandbox answered anything (see Walls.SandboxWalls).</summary>
    public static ScanFailureException WallsFailed(string isolation) =>
        new(ErrorCodes.SandboxUnavailable,
            $"The model's sandbox could not raise its walls ({isolation}) and stopped before reading the model{Shows("why")}.");

    private static string Shows(string what) => $" (AEGIS_SANDBOX_DEBUG=1 shows {what} on standard error)";

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
        31 => "SIGSYS",
        _ => signal.ToString(),
    };
}
