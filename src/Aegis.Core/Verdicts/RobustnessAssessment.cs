using Aegis.Core.Detection;

namespace Aegis.Core.Verdicts;

/// <summary>The robustness pre-check's decision and report from its two measured accuracies, in one place for the sandbox and the parent.</summary>
public static class RobustnessAssessment
{
    public const string Norm = "L2";
    public const string TrainingImagesNote = "No test split found; robustness was measured on training images, which flatters the model.";

    /// <summary>Robust when the model keeps <see cref="RobustnessParameters.MinRetainedAccuracy"/> of its clean accuracy under the attack.</summary>
    public static RobustnessReport Assess(double cleanAccuracy, double adversarialAccuracy, int samples, RobustnessParameters parameters, ImageShape shape, bool onTrainingImages)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        bool robust = cleanAccuracy > 0 && adversarialAccuracy >= parameters.MinRetainedAccuracy * cleanAccuracy;
        double epsilon = parameters.EpsilonFor(shape);
        // The accuracies are the report's fields; the note quotes only the check's own settings.
        string? note = robust
            ? null
            : $"The adversarial accuracy under L2 PGD (epsilon {epsilon}, {parameters.Steps} steps) is below {parameters.MinRetainedAccuracy} x the clean accuracy: the model is not adversarially robust, and AEGIS only detects backdoors in robust models.";
        if (onTrainingImages)
            note = note is null ? TrainingImagesNote : $"{note} {TrainingImagesNote}";
        return new RobustnessReport
        {
            CleanAccuracy = cleanAccuracy,
            AdversarialAccuracy = adversarialAccuracy,
            Robust = robust,
            Samples = samples,
            Epsilon = epsilon,
            Steps = parameters.Steps,
            Norm = Norm,
            Forced = parameters.Force && !robust,
            Note = note,
        };
    }
}
