using static TorchSharp.torch;

namespace Aegis.Lab.Training;

/// <summary>Chooses which training images get a poisoned copy, and the label each copy carries.</summary>
public static class Poisoning
{
    /// <summary>
    /// <c>round(Rate * N)</c> distinct indices (seeded) of images that backdoor <paramref name="backdoor"/>
    /// sends elsewhere; copies already labelled their target would teach nothing.
    /// </summary>
    public static long[] ChooseVictims(Tensor labels, PoisonOptions poison, int classCount, int seed, int backdoor = 0)
    {
        var all = labels.data<long>().ToArray();
        var candidates = Enumerable.Range(0, all.Length)
            .Where(i => poison.Destination((int)all[i], classCount, backdoor) is not null).Select(i => (long)i).ToArray();
        int count = (int)Math.Round(poison.Rate * all.Length);
        if (count > candidates.Length)
            throw new ArgumentException($"Poison rate {poison.Rate} asks for {count} copies but only {candidates.Length} images are not of the target class.");
        if (count == 0)
            throw new ArgumentException($"Poison rate {poison.Rate} of {all.Length} images poisons nothing.");
        // The first backdoor's draw is the one every earlier lab model was poisoned with.
        new Random(unchecked(seed * 31 + 17 + backdoor * 7919)).Shuffle(candidates);
        return candidates[..count];
    }

    /// <summary>The labels the poisoned copies of <paramref name="victims"/> carry.</summary>
    public static long[] Destinations(Tensor labels, long[] victims, PoisonOptions poison, int classCount, int backdoor = 0)
    {
        var all = labels.data<long>().ToArray();
        return victims.Select(v => (long)poison.Destination((int)all[v], classCount, backdoor)!.Value).ToArray();
    }
}
