using Aegis.Sandbox.Operations;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Reads the training split (and the test split, when the folder has one) and checks that they fit the open model.</summary>
public sealed class LoadDatasetOperation : SandboxOperation<LoadDatasetRequest, DatasetDescription>
{
    public override string Name => OperationNames.LoadDataset;

    public override DatasetDescription Run(LoadDatasetRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        context.Progress.Report(0);
        var training = DatasetLoader.Load(request.Directory, DatasetSplit.Train);
        DatasetCompatibility.EnsureMatches(model, training);
        context.Progress.Report(0.5);
        ImageDataset? test = null;
        if (DatasetLoader.HasSplit(request.Directory, DatasetSplit.Test))
        {
            test = DatasetLoader.Load(request.Directory, DatasetSplit.Test);
            DatasetCompatibility.EnsureMatches(model, test);
        }
        context.Training = training;
        context.Test = test;
        context.ForgetSources();
        var shape = new ImageShape(training.Channels, training.Height, training.Width);
        return new DatasetDescription(training.Name, training.Count, test?.Count ?? 0, shape, training.ClassCount);
    }
}
