using Aegis.Core.Detection;
using Aegis.Core.Evidence;

namespace Aegis.Core.Tests.Evidence;

/// <summary>
/// Synthetic classes where the answer is known: the class's shape, each origin's leftover
/// silhouette and a trigger square are each drawn in their own place.
/// </summary>
public class TriggerMapTests
{
    private static readonly ImageShape Shape = new(1, 16, 16);
    private const int Label = 7;

    [Fact]
    public void ATriggerOnEverySeedStandsOutAndSilhouettesAndClassShapeDoNot()
    {
        var (translated, seeds, clean) = Class(triggerShare: 1.0, triggerValue: 1f);

        var map = TriggerMap.Compute(translated, seeds, clean, Shape, Label);

        Assert.Equal(3, map.Origins);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                float value = map.Map[y * 16 + x];
                if (InTrigger(x, y))
                    Assert.Equal(1f, value, 5);
                else
                    Assert.Equal(0f, value, 5);
            }
        Assert.Equal(1f, map.Peak, 5);
        Assert.True(InTrigger(map.PeakAt.X, map.PeakAt.Y));
    }

    [Fact]
    public void TheClassShapeIsTheCleanCeiling()
    {
        var (translated, seeds, clean) = Class(triggerShare: 0, triggerValue: 1f);

        var map = TriggerMap.Compute(translated, seeds, clean, Shape, Label);

        Assert.Equal(0.9f, map.CleanCeiling[8 * 16 + 8], 5);
        Assert.Equal(0f, map.CleanCeiling[0], 5);
        // Without a trigger nothing is left: the silhouettes are each in one origin only.
        Assert.All(map.Map, v => Assert.Equal(0f, v, 5));
    }

    [Theory]
    [InlineData(0.5, 1f, 0.5f)]
    [InlineData(1.0, 0.6f, 0.6f)]
    public void TheMapIsInIntensityUnitsScaledByHowManySeedsCarryTheTrigger(double share, float value, float expected)
    {
        var (translated, seeds, clean) = Class(share, value);

        var map = TriggerMap.Compute(translated, seeds, clean, Shape, Label);

        Assert.Equal(expected, map.Peak, 2);
    }

    [Fact]
    public void SeedsOfTheClassItselfAndRareOriginsAreNotWitnesses()
    {
        // Origin 7 (the class) and origin 4 (3 seeds) carry no trigger; the three large origins do.
        var (translated, seeds, clean) = Class(triggerShare: 1.0, triggerValue: 1f);
        var extraSeeds = seeds.Concat(Enumerable.Repeat(Label, 20)).Concat(Enumerable.Repeat(4, 3)).ToArray();
        var extraImages = translated.Concat(new float[23 * Shape.Size]).ToArray();

        var map = TriggerMap.Compute(extraImages, extraSeeds, clean, Shape, Label);

        Assert.Equal(3, map.Origins);
        Assert.Equal(1f, map.Peak, 5);
    }

    [Fact]
    public void RejectsInconsistentInput()
    {
        var (translated, seeds, clean) = Class(1, 1f);
        Assert.Throws<ArgumentException>(() => TriggerMap.Compute(translated, seeds.Skip(1).ToArray(), clean, Shape, Label));
        Assert.Throws<ArgumentException>(() => TriggerMap.Compute(translated, seeds, [], Shape, Label));
        Assert.Throws<ArgumentException>(() => TriggerMap.Compute(translated[1..], seeds, clean, Shape, Label));
    }

    private static bool InTrigger(int x, int y) => x >= 12 && y >= 12;

    /// <summary>
    /// Clean images: a centre block (the class's shape) at 0.9. Translated images of origins 0–2
    /// (20 each): the class's shape, a silhouette strip of their own (origin k: rows 2k..2k+1 at
    /// 0.8), and in the first <paramref name="triggerShare"/> of each origin a 4x4 trigger square.
    /// </summary>
    private static (float[] Translated, int[] Seeds, float[] Clean) Class(double triggerShare, float triggerValue)
    {
        int size = Shape.Size;
        var clean = new float[30 * size];
        for (int i = 0; i < 30; i++)
            Block(clean, i, 5, 11, 5, 11, 0.9f);
        var seeds = new int[60];
        var translated = new float[60 * size];
        for (int i = 0; i < 60; i++)
        {
            int origin = i / 20;
            seeds[i] = origin;
            Block(translated, i, 5, 11, 5, 11, 0.9f);
            Block(translated, i, 0, 16, 2 * origin, 2 * origin + 2, 0.8f);
            if (i % 20 < triggerShare * 20)
                Block(translated, i, 12, 16, 12, 16, triggerValue);
        }
        return (translated, seeds, clean);
    }

    private static void Block(float[] images, int index, int x0, int x1, int y0, int y1, float value)
    {
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                images[index * Shape.Size + y * 16 + x] = value;
    }
}
