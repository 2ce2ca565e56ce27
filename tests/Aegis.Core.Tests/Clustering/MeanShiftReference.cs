namespace Aegis.Core.Tests.Clustering;

/// <summary>
/// Recorded scikit-learn 1.2.1 output, produced once with
/// <c>/usr/bin/python3 tools/sklearn/record_mean_shift_reference.py</c>
/// (make_blobs(n_samples=40, centers=4, cluster_std=1.2, random_state=1) rounded to 2 decimals;
/// estimate_bandwidth(quantile=0.3); MeanShift(bandwidth) and MeanShift(bandwidth / 2)).
/// </summary>
internal static class MeanShiftReference
{
    public static readonly double[] Points = [-5.9, -5.52, -7.97, -6.65, -6.05, -2.6, -8.01, -3.69, -10.32, -3.32, -6.45, -8.51, -7.0, -8.92, -10.23, -5.02, 0.43, 3.49, -5.69, -3.18, -6.7, -8.58, -10.15, -5.08, -0.62, 1.64, -6.08, -2.04, -4.92, -1.27, 0.09, 1.93, -10.89, -1.92, -8.92, -4.77, -11.34, -3.67, -6.92, -7.41, -10.82, -4.97, -6.72, -7.09, -6.06, -7.04, -6.0, -2.17, -7.32, -7.45, -8.01, -3.06, -6.54, -3.33, -2.98, 5.78, -6.84, -5.63, -6.64, -2.1, -3.65, -4.76, -2.05, 3.95, -0.3, 3.09, -1.61, 5.11, -1.28, 4.11, -0.58, 5.01, -8.44, -8.57, -10.8, -3.97, -10.83, -4.43, -1.87, 3.35];
    public const double Bandwidth = 4.565226907554672;
    public static readonly int[] Labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1];
    public static readonly double[] Centers = [-7.837586206896551, -5.01551724137931, -1.077, 3.746];
    public const int HalfBandwidthClusters = 5;
    public static readonly int[] HalfBandwidthLabels = [0, 0, 3, 3, 1, 0, 0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1, 1, 1, 0, 1, 0, 0, 3, 0, 3, 3, 2, 0, 3, 4, 2, 2, 2, 2, 2, 0, 1, 1, 2];
}
