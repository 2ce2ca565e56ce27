using Aegis.ModelSafety;
using Aegis.Scanning;

namespace Aegis.Worker.Torch;

/// <summary>Runs the static model check before a model is loaded; a refused model becomes a scan input error (model-unsafe or model-unreadable).</summary>
internal static class ModelSafetyGate
{
    public static void EnsureSafe(string path)
    {
        var report = ModelSafetyCheck.Check(path);
        if (!report.IsSafe)
            throw new ScanInputException(report.ErrorCode!, report.Describe());
    }
}
