using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Sandbox.Operations;

/// <summary>The paper's robustness pre-check on held-out images (the training images when the dataset has no test split).</summary>
public sealed record CheckRobustnessRequest(RobustnessParameters Parameters, int Seed, int BatchSize);

public sealed record RobustnessResult(RobustnessReport Report, bool OnTrainingImages);
