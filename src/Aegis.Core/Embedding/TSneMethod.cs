namespace Aegis.Core.Embedding;

/// <summary>
/// The gradient used by t-SNE. <see cref="Auto"/> picks <see cref="Exact"/> below
/// <see cref="TSne.ExactBelowSamples"/> points (cheap there, and free of the tree approximation)
/// and <see cref="BarnesHut"/> (scikit-learn's default) from there on.
/// </summary>
public enum TSneMethod
{
    Auto,
    Exact,
    BarnesHut,
}
