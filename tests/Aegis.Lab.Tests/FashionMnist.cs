using Aegis.Core.Datasets;

namespace Aegis.Lab.Tests;

/// <summary>The machine's Fashion-MNIST, loaded once per test class that needs it.</summary>
public sealed class FashionMnist
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public FashionMnist()
    {
        Train = DatasetLoader.Load(Directory, DatasetSplit.Train);
        Test = DatasetLoader.Load(Directory, DatasetSplit.Test);
    }

    public ImageDataset Train { get; }
    public ImageDataset Test { get; }
}
