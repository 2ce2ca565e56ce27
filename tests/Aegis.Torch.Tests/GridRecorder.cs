using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch.Tests;

/// <summary>A fixture behind a recorder: how far from the 8-bit grid any image handed to the model lay, in levels.</summary>
internal sealed class GridRecorder(IImageClassifier model) : IImageClassifier
{
    public double LargestDistance { get; private set; }
    public long Images { get; private set; }

    public string Name => model.Name;
    public string Format => model.Format;
    public ImageShape InputShape => model.InputShape;
    public int ClassCount => model.ClassCount;
    public int FeatureDimension => model.FeatureDimension;
    public Device Device => model.Device;

    public Tensor Logits(Tensor images) => model.Logits(Record(images));

    public Tensor Features(Tensor images) => model.Features(Record(images));

    /// <summary>Not the recorder's to dispose: the fixture belongs to the test's model cache.</summary>
    public void Dispose()
    {
    }

    private Tensor Record(Tensor images)
    {
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            var levels = images.detach().mul(PixelLevels.Max);
            LargestDistance = Math.Max(LargestDistance, levels.sub(levels.round()).abs().max().item<float>());
            Images += images.shape[0];
        }
        return images;
    }
}
