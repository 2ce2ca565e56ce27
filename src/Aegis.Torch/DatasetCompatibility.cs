using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;

namespace Aegis.Torch;

/// <summary>Checks that a dataset fits a model before any image is fed to it.</summary>
public static class DatasetCompatibility
{
    /// <exception cref="DatasetMismatchException">Image shape or class count differ.</exception>
    public static void EnsureMatches(IImageClassifier model, ImageDataset dataset)
    {
        var imageShape = new ImageShape(dataset.Channels, dataset.Height, dataset.Width);
        if (imageShape != model.InputShape)
            throw new DatasetMismatchException(
                $"Dataset {dataset.Name} has {imageShape} images but model {model.Name} takes {model.InputShape} input; scan it with the dataset it was trained on.");
        if (dataset.ClassCount != model.ClassCount)
            throw new DatasetMismatchException(
                $"Dataset {dataset.Name} has {dataset.ClassCount} classes but model {model.Name} outputs another number of logits; scan it with the dataset it was trained on.");
    }
}
