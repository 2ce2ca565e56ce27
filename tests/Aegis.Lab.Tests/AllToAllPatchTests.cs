using Aegis.Core.Detection;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;
using Aegis.Torch;

namespace Aegis.Lab.Tests;

/// <summary>
/// The all-to-all rule's single-patch matching on models trained here: the planted square, stamped as a lifted patch
/// would be, on a model that sends class y to y + 1 and on the same recipe without poison. Seconds each.
/// </summary>
public sealed class AllToAllPatchTests(FashionMnist data) : IClassFixture<FashionMnist>
{
    private static readonly TrainingOptions Quick = QuickTraining.Options with { Epochs = 4 };
    private static readonly TriggerSpec Square = TriggerSpec.Default(TriggerKind.Localized);

    [Fact]
    public async Task TheAllToAllSquareSendsEachClassToItsOwnTargetAndMakesAMatching()
    {
        var evidence = await ProbeSquare(new PoisonOptions(Square, 0.5, Target: null) { Mapping = PoisonMapping.AllToAll });

        Assert.True(evidence.Matching.Detected, $"{evidence.Matching.Classes.Count} classes matched");
        Assert.All(evidence.Matching.Classes, c => Assert.Equal((c + 9) % 10, evidence.Matching.Origins[c]));
        Assert.Equal("class 3 all", evidence.Matching.Source);
    }

    [Fact]
    public async Task TheSameSquareOnACleanModelIsNoMatching()
    {
        var evidence = await ProbeSquare(poison: null);

        Assert.False(evidence.Matching.Detected);
        Assert.True(evidence.Matching.Classes.Count <= 2, $"{evidence.Matching.Classes.Count} classes matched");
    }

    /// <summary>Trains a model, then probes the planted square as if it had been lifted from class 3's translations.</summary>
    private async Task<TriggerEvidence> ProbeSquare(PoisonOptions? poison)
    {
        using var folder = new TempDirectory();
        LabTrainingJob.Run(new LabTrainingRequest { DataDirectory = FashionMnist.Directory, Training = Quick, Poison = poison, TestSubset = 1000 }, folder.Path);
        using var model = LabModelStore.Load(folder.Path);
        var shape = model.InputShape;
        var (top, left) = SquareTrigger.Corner(Square, shape);
        var patch = new TriggerCandidate
        {
            Source = "all",
            Images = 1,
            Locations = (from y in Enumerable.Range(top, Square.Size) from x in Enumerable.Range(left, Square.Size) select y * shape.Width + x).ToArray(),
            Pattern = Enumerable.Repeat(1f, Square.Size * Square.Size).ToArray(),
        };
        var probe = new TriggerProbe(model, data.Test, new TriggerProbeParameters(), seed: 0);
        return TriggerFlip.Evaluate(3, [patch], await probe.ProbeAsync(3, [patch]))!;
    }
}
