using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>Read the training split (and the test split, when there is one) and check that it fits the open model.</summary>
public sealed record LoadDatasetRequest(string Directory);

public sealed record DatasetDescription(string Name, int TrainImages, int TestImages, ImageShape ImageShape, int ClassCount);
