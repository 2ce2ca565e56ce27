using Aegis.Torch;
using Aegis.Lab.Architectures;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Training;

/// <summary>
/// Standard (ERM) or PGD adversarial training (Madry et al.: every batch is replaced by its PGD
/// examples). Seeded: initialisation, shuffling and PGD's random starts depend only on the seed
/// and the epoch, so a run resumed from a checkpoint ends with the same weights as one that was
/// never interrupted.
/// </summary>
public static class RobustTrainer
{
    public static LabNetwork Train(
        LabTrainingSet data,
        TrainingOptions options,
        string? checkpointDirectory,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureConfigured();
        options.Validate();
        var network = CreateNetwork(data, options);
        try
        {
            using var optimizer = CreateOptimizer(network, options);
            var checkpoint = checkpointDirectory is null ? null : new TrainingCheckpoint(checkpointDirectory);
            string fingerprint = Fingerprint(data, options);
            int firstEpoch = checkpoint?.Restore(network, optimizer, fingerprint) ?? 0;

            for (int epoch = firstEpoch; epoch < options.Epochs; epoch++)
            {
                var (loss, accuracy, batches) = RunEpoch(network, optimizer, data, options, epoch, progress, cancellationToken);
                checkpoint?.Save(network, optimizer, epoch + 1, options.Seed, fingerprint);
                progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, batches, batches, loss, accuracy, EpochCompleted: true));
            }
            network.eval();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    // Layer initialisation draws from libtorch's global generator; the lock keeps concurrent
    // trainings (the demo trains two models at once) from interleaving their draws.
    private static readonly Lock InitialisationLock = new();

    private static LabNetwork CreateNetwork(LabTrainingSet data, TrainingOptions options)
    {
        lock (InitialisationLock)
        {
            random.manual_seed(options.Seed);
            return LabNetworkFactory.Create(options.Architecture, data.Shape, data.ClassCount, data.Mean, data.Std);
        }
    }

    private static (double Loss, double Accuracy, int Batches) RunEpoch(
        LabNetwork network, TorchSharp.Modules.OptimizerHelper optimizer, LabTrainingSet data, TrainingOptions options, int epoch,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, data.Count).Select(i => (long)i).ToArray();
        new Random(unchecked(options.Seed * 1000 + epoch)).Shuffle(order);
        using var generator = new Generator(unchecked((ulong)(options.Seed * 1000L + epoch + 1)));
        int batches = (data.Count + options.BatchSize - 1) / options.BatchSize;
        double lossSum = 0;
        long correct = 0, seen = 0;

        for (int b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var index = tensor(order.AsSpan(b * options.BatchSize, Math.Min(options.BatchSize, data.Count - b * options.BatchSize)).ToArray());
            var images = data.Images.index_select(0, index);
            var labels = data.Labels.index_select(0, index);
            var soft = data.SoftLabels?.index_select(0, index);
            if (options.Adversarial is { } pgd)
            {
                // Attack the current weights without touching batch-norm statistics.
                network.eval();
                using (new FrozenWeights(network))
                    images = PgdAttack.Perturb(network.forward, images, labels, pgd, keepBest: false, generator);
            }
            network.train();

            SetLearningRate(optimizer, LearningRateSchedule.At(options, epoch, b, batches));
            optimizer.zero_grad();
            var logits = network.forward(images);
            // Label-smoothed poison: cross-entropy against each image's label distribution.
            var loss = soft is null ? cross_entropy(logits, labels) : -(soft * log_softmax(logits, 1)).sum(1).mean();
            loss.backward();
            optimizer.step();

            long n = labels.shape[0];
            lossSum += loss.item<float>() * n;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            seen += n;
            progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen, EpochCompleted: false));
        }
        network.eval();
        return (lossSum / seen, (double)correct / seen, batches);
    }

    private static TorchSharp.Modules.OptimizerHelper CreateOptimizer(LabNetwork network, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(network.parameters(), options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
        OptimizerKind.Adam => optim.Adam(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "Unknown optimizer."),
    };

    private static void SetLearningRate(TorchSharp.Modules.OptimizerHelper optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
    }

    private static string Fingerprint(LabTrainingSet data, TrainingOptions options) =>
        $"{LabJson.Serialize(options)}|{data.Count}|{data.PoisonedCount}|{data.Shape}|{data.ClassCount}{(data.SoftLabels is null ? "" : "|soft")}";
}
