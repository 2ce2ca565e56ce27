using Aegis.Core.Detection;

namespace Aegis.Pipeline.Policy;

/// <summary>
/// The detectors the pipeline runs: MM-BD is a local, opt-in detector for now (it has no job kind on the
/// workers), so a scan that asks for it is refused with that reason instead of running another detector.
/// </summary>
public static class PipelineDetectors
{
    public static string? Problem(ScanParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Detector == Detectors.MmBd
            ? $"detector {Detectors.MmBd} runs only in a local scan (aegis scan --detector {Detectors.MmBd}); the pipeline runs {Detectors.Auto}, {Detectors.Aegis} or {Detectors.NeuralCleanse}."
            : null;
    }
}
