
namespace Aegis.Core.Tracing;

/// <summary>
/// The trace's use of the features the scan clusters: a poisoned copy sits, in the model's feature
/// space, with images carrying the trigger (what made the translated images of the target class form
/// their own cluster), not among the class's clean samples. Each sample is placed between the class's
/// centre — the coordinate-wise median of reference images of the class (held-out ones when the data
/// has a test split; else the training samples themselves, which a poisoned minority cannot move far)
/// — and the mean of trigger-stamped images of other classes: d(centre) / (d(centre) + d(stamped)).
/// </summary>
public static class FeatureAffinity
{
    public static double[] Compute(Matrix samples, Matrix reference, Matrix stamped)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(stamped);
        if (samples.Columns != stamped.Columns || samples.Columns != reference.Columns || samples.Rows == 0 || stamped.Rows == 0 || reference.Rows == 0)
            throw new ArgumentException("Samples, reference and stamped images need features of the same size, and at least one row each.");
        var centre = ColumnMedians(reference);
        var trigger = stamped.ColumnMeans();
        var affinity = new double[samples.Rows];
        for (int r = 0; r < samples.Rows; r++)
        {
            var row = samples.Row(r);
            double toCentre = Distance(row, centre), toTrigger = Distance(row, trigger);
            affinity[r] = toCentre + toTrigger > 0 ? toCentre / (toCentre + toTrigger) : 0.5;
        }
        return affinity;
    }

    private static double[] ColumnMedians(Matrix m)
    {
        var medians = new double[m.Columns];
        var column = new float[m.Rows];
        for (int c = 0; c < m.Columns; c++)
        {
            for (int r = 0; r < m.Rows; r++)
                column[r] = m.Data[(long)r * m.Columns + c];
            Array.Sort(column);
            medians[c] = m.Rows % 2 == 1 ? column[m.Rows / 2] : (column[m.Rows / 2 - 1] + (double)column[m.Rows / 2]) / 2;
        }
        return medians;
    }

    private static double Distance(ReadOnlySpan<float> row, double[] point)
    {
        double sum = 0;
        for (int i = 0; i < row.Length; i++)
        {
            double d = row[i] - point[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
