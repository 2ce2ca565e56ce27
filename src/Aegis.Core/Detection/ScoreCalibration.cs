using System.Text.Json;

namespace Aegis.Core.Detection;

/// <summary>
/// Turns a detector's <see cref="ModelScore"/> into a probability that the model is backdoored:
/// Platt scaling, p = 1 / (1 + exp(−(slope · score + intercept))), fitted on clean and backdoored lab
/// models of the calibration set (never the evaluation set) with <c>aegis lab calibrate</c> and shipped
/// here as data, one per detector (AEGIS decides the robust track, Neural Cleanse the standard one).
/// The slope is positive, so the probability rises with the score and the verdict's line (score 0)
/// is the single point p = 1 / (1 + exp(−intercept)).
/// </summary>
public sealed record ScoreCalibration
{
    public required string Name { get; init; }
    /// <summary>The detector whose score this calibrates (<see cref="Detectors"/>).</summary>
    public required string Detector { get; init; }
    public required string Description { get; init; }
    public required double Slope { get; init; }
    public required double Intercept { get; init; }
    public int CleanModels { get; init; }
    public int BackdooredModels { get; init; }
    /// <summary>The models it was fitted on (names as in the calibration set).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    public double Probability(double score) => Evaluation.PlattScaling.Logistic(Slope * score + Intercept);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || !Detectors.All.Contains(Detector) || Detector == Detectors.Auto)
            throw new InvalidDataException($"Score calibration '{Name}' needs a name and a detector ({Detectors.Aegis} or {Detectors.NeuralCleanse}).");
        if (!(Slope > 0) || !double.IsFinite(Slope) || !double.IsFinite(Intercept))
            throw new InvalidDataException($"Score calibration '{Name}' needs a positive, finite slope and a finite intercept.");
    }

    /// <summary>The shipped calibration of <paramref name="detector"/>'s score, else <see cref="Uncalibrated"/>.</summary>
    public static ScoreCalibration For(string detector) => BuiltIn.Value.FirstOrDefault(c => c.Detector == detector) ?? Uncalibrated(detector);

    /// <summary>For a detector no lab models calibrate: the logistic of the score itself (the line at one half), named so the verdict says so.</summary>
    public static ScoreCalibration Uncalibrated(string detector) => new()
    {
        Name = "uncalibrated",
        Detector = detector,
        Description = "No calibration ships for this detector: the probability is the logistic of the score, one half at the verdict's line.",
        Slope = 1,
        Intercept = 0,
    };

    public static ScoreCalibration Read(Stream json, string source)
    {
        var calibration = JsonSerializer.Deserialize<ScoreCalibration>(json, JsonOptions)
            ?? throw new InvalidDataException($"{source}: empty score calibration.");
        calibration.Validate();
        return calibration;
    }

    public static string Serialize(ScoreCalibration calibration) => JsonSerializer.Serialize(calibration, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly Lazy<IReadOnlyList<ScoreCalibration>> BuiltIn = new(() =>
    {
        var assembly = typeof(ScoreCalibration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".ScoreCalibrations.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return Read(stream, n);
            }).ToArray();
    });
}
