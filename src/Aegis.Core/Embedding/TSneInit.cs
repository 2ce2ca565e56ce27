namespace Aegis.Core.Embedding;

/// <summary>How the embedding starts: scikit-learn's <c>init="pca"</c> or <c>init="random"</c>.</summary>
public enum TSneInit
{
    Pca,
    Random,
}
