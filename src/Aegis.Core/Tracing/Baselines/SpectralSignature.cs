namespace Aegis.Core.Tracing.Baselines;

/// <summary>
/// Spectral signatures (Tran, Li and Madry, NeurIPS 2018), the data-side baseline the trace is measured
/// against: a class's feature rows are centred and each scored by its squared projection on their top
/// singular vector; poisoned rows, a minority with a shared direction, score highest. It needs neither
/// the trigger nor the model's decisions.
/// </summary>
public static class SpectralSignature
{
    public static double[] Scores(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rows < 2)
            return new double[features.Rows];
        var (mean, axes) = PrincipalAxes.Compute(features, 1);
        return PrincipalAxes.Project(features, mean, axes).Select(p => p[0] * p[0]).ToArray();
    }
}
