namespace Aegis.Core.Embedding;

/// <summary>The t-SNE cost: KL(P || Q) and its gradient with respect to the embedding.</summary>
internal interface IKlObjective
{
    /// <summary>
    /// Writes dC/dy into <paramref name="gradient"/> for P scaled by <paramref name="exaggeration"/>;
    /// returns the cost when <paramref name="computeError"/> is set, NaN otherwise.
    /// </summary>
    double Evaluate(double[] embedding, double[] gradient, double exaggeration, bool computeError);
}
