using Aegis.Core.Verdicts;
using MathNet.Numerics.LinearAlgebra;

namespace Aegis.Core.Integrity;

/// <summary>
/// The honest-features check: AEGIS measures the model through the features it exports, so
/// they must be what the model decides with. In an honest classifier the logits are one affine
/// layer of the penultimate features, so on any batch of inputs a least-squares fit of the
/// logits on the features (with a bias) leaves only float32 rounding. The fit ignores a per-image
/// constant added to all logits (softmax does not see it; a model returning log-probabilities is
/// honest too). Features that are not the model's (one-hot of its prediction, a second network's
/// activations) leave a residual the size of the logits' own variation.
/// </summary>
public static class FeatureConsistency
{
    /// <summary>
    /// Largest relative residual ‖logits − fit‖ / ‖logits − mean‖ accepted. An honest model's
    /// residual is float32 rounding of one matrix product (about 1e-6 measured on the fixtures and
    /// lab models); 1e-3 leaves a thousand-fold margin for other orders of summation, while a fit
    /// that misses 0.1% of the logits' variation means the features do not determine them.
    /// </summary>
    public const double MaxRelativeResidual = 1e-3;

    /// <summary>Rows beyond the fit's unknowns, so a residual has room to show (256 is plenty for a relative norm).</summary>
    public const int ResidualDegrees = 256;

    /// <summary>The spacing of float32 numbers at 1 (2^-23), the precision of the model's outputs.</summary>
    private const double Float32Epsilon = 1.1920928955078125e-7;

    /// <summary>How many probe images the check needs for features of this dimension: every unknown of the fit plus <see cref="ResidualDegrees"/>, a multiple of 4.</summary>
    public static int ProbeImages(int featureDimension) => 4 * ((featureDimension + 1 + ResidualDegrees + 3) / 4);

    /// <summary>‖L − fit‖ / ‖L − mean‖ for logits L [rows, classes] fitted affinely on features F [rows, dimension].</summary>
    public static double RelativeResidual(float[] logits, float[] features, int rows, int classes, int dimension)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(features);
        if (logits.LongLength != (long)rows * classes || features.LongLength != (long)rows * dimension)
            throw new ArgumentException("The logits and features do not hold rows x classes and rows x dimension values.");

        // Logits without their per-image constant and their per-class mean (the fit's bias).
        var l = Matrix<double>.Build.Dense(rows, classes, (i, j) => logits[(long)i * classes + j]);
        for (int i = 0; i < rows; i++)
        {
            double mean = l.Row(i).Average();
            for (int j = 0; j < classes; j++)
                l[i, j] -= mean;
        }
        CenterColumns(l);
        double total = l.FrobeniusNorm();
        if (total == 0)
            return 0;

        // Centred features, each column scaled to unit RMS so no unit dominates the conditioning; constant columns carry nothing.
        var f = Matrix<double>.Build.Dense(rows, dimension, (i, j) => features[(long)i * dimension + j]);
        CenterColumns(f);
        for (int j = 0; j < dimension; j++)
        {
            double rms = f.Column(j).L2Norm() / Math.Sqrt(rows);
            if (rms > 0)
                f.SetColumn(j, f.Column(j) / rms);
        }

        // Least squares through the Gram matrix's eigenvectors, keeping the directions float32
        // data can resolve (LAPACK's and numpy's rank cut-off: machine epsilon × the larger side).
        var gram = f.TransposeThisAndMultiply(f);
        var evd = gram.Evd(Symmetricity.Symmetric);
        double largest = evd.EigenValues.Max(v => v.Real);
        double cut = Math.Pow(Float32Epsilon * Math.Max(rows, dimension + 1), 2) * largest;
        var solution = Matrix<double>.Build.Dense(dimension, classes);
        var projected = f.TransposeThisAndMultiply(l);
        for (int r = 0; r < dimension; r++)
        {
            double lambda = evd.EigenValues[r].Real;
            if (lambda <= cut)
                continue;
            var v = evd.EigenVectors.Column(r);
            var coefficients = v * projected / lambda;
            solution += v.OuterProduct(coefficients);
        }
        return (l - f * solution).FrobeniusNorm() / total;
    }

    /// <exception cref="ScanFailureException">features-inconsistent, stating the bound, not the model's numbers.</exception>
    public static void Ensure(float[] logits, float[] features, int rows, int classes, int dimension)
    {
        double residual = RelativeResidual(logits, features, rows, classes, dimension);
        if (!(residual <= MaxRelativeResidual))
            throw new ScanFailureException(ErrorCodes.FeaturesInconsistent,
                $"The model's exported features do not explain its logits: on {rows} probe images (clean, noisy, patched and translated) no affine map of the features reproduces the logits to within {MaxRelativeResidual:0.#####} of their variation. " +
                "AEGIS would measure something other than what the model decides with; export the penultimate activations that feed the final linear layer.");
    }

    private static void CenterColumns(Matrix<double> m)
    {
        for (int j = 0; j < m.ColumnCount; j++)
        {
            var column = m.Column(j);
            m.SetColumn(j, column - column.Average());
        }
    }
}
