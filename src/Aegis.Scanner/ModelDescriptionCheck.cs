using Aegis.Sandbox;
using Aegis.Sandbox.Operations;
using Aegis.Core.Verdicts;
using Aegis.Core.Text;

namespace Aegis.Scanner;

/// <summary>The parent's check of what the sandbox says the model is: every number within the scanner's limits.</summary>
internal static class ModelDescriptionCheck
{
    /// <summary>Most feature values per image: twice ResNet-50's 2048; the honest-features check fits one unknown per value.</summary>
    public const int MaxFeatureDimension = 4096;
    public const int MaxClasses = 1000;
    private const int MaxSide = 1024;

    public static void Ensure(ModelDescription model)
    {
        var shape = model.InputShape;
        bool ok = model.Format is "torchscript" or "aegis-lab"
            && shape.Channels is >= 1 and <= 4 && shape.Height is >= 1 and <= MaxSide && shape.Width is >= 1 and <= MaxSide
            && model.ClassCount is >= 2 and <= MaxClasses
            && model.Device is Devices.Cpu or Devices.Cuda;
        if (!ok)
            throw new ScanFailureException(ErrorCodes.ModelCrashed, "The model's sandbox described the model with impossible values; the scan stops.");
        if (model.FeatureDimension is < 1 or > MaxFeatureDimension)
            throw new ScanFailureException(ErrorCodes.ModelContract,
                $"The model's features must have 1 to {MaxFeatureDimension} values per image (a penultimate layer; ResNet-50's has 2048).");
    }

    /// <summary>A lab model is called by its descriptor's name; any other by the name the caller gave.</summary>
    public static string DisplayName(ModelDescription model, string requested) =>
        model.Format == "aegis-lab" && !string.IsNullOrWhiteSpace(model.Name)
            ? UntrustedText.Quote(model.Name, 200)
            : requested;
}
