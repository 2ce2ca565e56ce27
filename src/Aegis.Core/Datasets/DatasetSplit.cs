namespace Aegis.Core.Datasets;

public enum DatasetSplit
{
    Train,
    Test,
}
