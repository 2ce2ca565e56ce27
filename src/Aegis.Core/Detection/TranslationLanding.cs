namespace Aegis.Core.Detection;

/// <summary>
/// Where translated images land in feature space: the fraction whose features lie nearer the
/// clean centroid of the target class than of any other class. A robust model translates toward
/// a class by making class-like features, so most land at home (0.9–1.0 measured on clean
/// classes; shirts, which share their region with T-shirts and coats, down to 0.45). When
/// translation takes a backdoor's shortcut, the model calls the images the target although their
/// features are not the target's: most land elsewhere (0.01–0.11 measured).
/// </summary>
public static class TranslationLanding
{
    public static double Compute(Matrix translated, Matrix centroids, int label)
    {
        if (translated.Columns != centroids.Columns)
            throw new ArgumentException($"Translated features have {translated.Columns} columns, centroids {centroids.Columns}.");
        if (label < 0 || label >= centroids.Rows)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"No centroid for class {label}.");
        if (translated.Rows == 0)
            return double.NaN;

        int home = 0;
        for (int r = 0; r < translated.Rows; r++)
        {
            var row = translated.Row(r);
            int nearest = 0;
            double best = double.PositiveInfinity;
            for (int k = 0; k < centroids.Rows; k++)
            {
                double distance = SquaredDistance(row, centroids.Row(k));
                if (distance < best)
                {
                    best = distance;
                    nearest = k;
                }
            }
            if (nearest == label)
                home++;
        }
        return home / (double)translated.Rows;
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return sum;
    }
}
