namespace Aegis.Core.Embedding;

/// <summary>1 / Z for the Barnes-Hut gradient, where Z sums q over all pairs of points the tree tells apart.</summary>
internal static class RepulsionNormaliser
{
    /// <summary>
    /// Z is zero only when every point shares one leaf (all embedded within the duplicate tolerance,
    /// e.g. features with a single distinct row). There is then no repulsion at all, and the forces
    /// it scales are zero too; scikit-learn divides 0 by 0 there and the embedding turns to NaN.
    /// </summary>
    public static double Inverse(double sumQ) => sumQ > 0 ? 1.0 / sumQ : 0.0;
}
