namespace Aegis.Core.Embedding;

/// <summary>t-SNE settings, named and defaulted like scikit-learn 1.2's <c>TSNE</c>.</summary>
public sealed record TSneOptions
{
    public int Components { get; init; } = 2;
    public double Perplexity { get; init; } = 30;
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Null means scikit-learn's "auto": max(N / early exaggeration / 4, 50).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Total gradient-descent iterations (scikit-learn's <c>n_iter</c>, at least 250).</summary>
    public int Iterations { get; init; } = 1000;

    public TSneInit Init { get; init; } = TSneInit.Pca;
    public TSneMethod Method { get; init; } = TSneMethod.Auto;

    /// <summary>Barnes-Hut trade-off between speed and accuracy (scikit-learn's <c>angle</c>).</summary>
    public double Angle { get; init; } = 0.5;

    public int Seed { get; init; }
    public int? MaxDegreeOfParallelism { get; init; }
}
