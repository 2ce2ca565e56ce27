namespace Aegis.Scanner;

/// <summary>What one scan looks at: a model file or lab model folder and its dataset folder, both local.</summary>
/// <param name="ModelName">The name in the verdict (the file name, or the blob name in the pipeline).</param>
/// <param name="DatasetSource">Where the verdict says the dataset came from (a folder, or datasets/&lt;name&gt;).</param>
public sealed record ScanTarget(string ModelPath, string ModelName, string DatasetDirectory, string DatasetSource);
