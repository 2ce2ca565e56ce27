namespace Aegis.Core.Detection;

/// <summary>
/// How far translation toward a label moves features away from the label's own training images:
/// ‖mean(translated) − mean(clean)‖ divided by the clean features' RMS distance to their mean.
/// A robust model's translation produces class-like features, so the ratio is modest; in a
/// backdoor target class translation takes the trigger shortcut and lands elsewhere.
/// </summary>
public static class TranslationShift
{
    public static double Compute(Matrix translated, Matrix clean)
    {
        if (translated.Columns != clean.Columns)
            throw new ArgumentException($"Translated features have {translated.Columns} columns, clean ones {clean.Columns}.");
        if (translated.Rows == 0 || clean.Rows < 2)
            throw new ArgumentException("The shift needs at least one translated and two clean feature rows.");

        var translatedMean = translated.ColumnMeans();
        var cleanMean = clean.ColumnMeans();

        double centroidDistance = Math.Sqrt(SquaredDistance(translatedMean, cleanMean));
        double spread = 0;
        for (int r = 0; r < clean.Rows; r++)
            spread += SquaredDistance(clean.Row(r), cleanMean);
        spread = Math.Sqrt(spread / clean.Rows);

        return spread > 0 ? centroidDistance / spread : double.PositiveInfinity;
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }
}
