using static TorchSharp.torch;

namespace Aegis.Lab.Training;

/// <summary>Chooses which training images get a poisoned copy.</summary>
public static class Poisoning
{
    /// <summary>
    /// <c>round(Rate * N)</c> distinct indices (seeded) of images whose label is not the target;
    /// copies of the target class would teach nothing.
    /// </summary>
    public static long[] ChooseVictims(Tensor labels, PoisonOptions poison, int seed)
    {
        var all = labels.data<long>().ToArray();
        var candidates = Enumerable.Range(0, all.Length).Where(i => all[i] != poison.Target).Select(i => (long)i).ToArray();
        int count = (int)Math.Round(poison.Rate * all.Length);
        if (count > candidates.Length)
            throw new ArgumentException($"Poison rate {poison.Rate} asks for {count} copies but only {candidates.Length} images are not of the target class.");
        if (count == 0)
            throw new ArgumentException($"Poison rate {poison.Rate} of {all.Length} images poisons nothing.");
        new Random(unchecked(seed * 31 + 17)).Shuffle(candidates);
        return candidates[..count];
    }
}
