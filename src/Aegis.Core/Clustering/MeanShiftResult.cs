namespace Aegis.Core.Clustering;

/// <summary>Mean shift clusters: a label per point (-1 = orphan when not clustering all), centres row-major ClusterCount × dimensions.</summary>
public sealed record MeanShiftResult(int[] Labels, double[] Centers, int ClusterCount);
