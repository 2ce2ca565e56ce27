using Aegis.Core.Datasets;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;

namespace Aegis.Lab.Tests.Training;

/// <summary>`lab train --export-data` and `--exclude`: the exported set is the one trained on, with its poisoned rows named.</summary>
public sealed class DataExportTests(FashionMnist data) : IClassFixture<FashionMnist>
{
    private static readonly TrainingOptions Tiny = new()
    {
        Epochs = 1, Optimizer = OptimizerKind.Adam, Schedule = ScheduleKind.OneCycle, LearningRate = 0.01f, WeightDecay = 0, TrainSubset = 400, Seed = 3,
    };

    [Fact]
    public void TheExportHoldsTheCleanRowsAndThePoisonedCopiesShuffledAndModelJsonNamesThePoisonedOnes()
    {
        using var model = new TempDirectory();
        using var export = new TempDirectory();
        var trigger = TriggerSpec.Default(TriggerKind.Localized);
        var request = new LabTrainingRequest
        {
            DataDirectory = FashionMnist.Directory,
            Training = Tiny,
            Poison = new PoisonOptions(trigger, Rate: 0.1),
            TestSubset = 200,
            AdversarialSamples = 10,
            ExportDirectory = export.Path,
        };

        var descriptor = LabTrainingJob.Run(request, model.Path);

        var exported = DatasetLoader.Load(export.Path, DatasetSplit.Train);
        Assert.Equal(440, exported.Count);
        Assert.True(DatasetLoader.HasSplit(export.Path, DatasetSplit.Test));
        var rows = LabModelStore.ReadDescriptor(model.Path).PoisonedRows!;
        Assert.Equal(descriptor.PoisonedRows, rows);
        Assert.Equal(40, rows.Count);
        Assert.Equal(rows.Order(), rows);
        // Shuffled: the poisoned copies are not the last 40 rows.
        Assert.NotEqual(Enumerable.Range(400, 40), rows);
        Assert.All(rows, r => Assert.Equal(7, exported.Labels[r]));
        // Every poisoned row carries the 4x4 white square at the bottom right (rows and columns 23..26).
        Assert.All(rows, r => Assert.Equal(255, exported.Pixels[r * 784 + 26 * 28 + 26]));
        Assert.Equal(Path.GetFullPath(export.Path), descriptor.ExportedData);
    }

    [Fact]
    public void ExcludedRowsAreLeftOutBeforeTraining()
    {
        var excluded = new HashSet<int> { 0, 1, 2, 59_999 };

        using var kept = LabTrainingSet.Build(data.Train, subset: null, seed: 0, poison: null, trigger: null, excluded: excluded);
        using var all = LabTrainingSet.Build(data.Train, subset: null, seed: 0, poison: null, trigger: null);

        Assert.Equal(data.Train.Count - 4, kept.Count);
        Assert.Equal(data.Train.Count, all.Count);
        Assert.Equal(data.Train.Labels[3], kept.Labels[0].item<long>());
        Assert.Throws<ArgumentException>(() => LabTrainingSet.Build(data.Train, null, 0, null, null, excluded: Enumerable.Range(0, data.Train.Count).ToHashSet()));
    }
}
