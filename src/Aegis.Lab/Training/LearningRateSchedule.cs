namespace Aegis.Lab.Training;

/// <summary>
/// The learning rate as a pure function of position in training, so a resumed run needs no
/// scheduler state to continue exactly where it stopped.
/// </summary>
public static class LearningRateSchedule
{
    private const double WarmupFraction = 0.3;
    private const double InitialDivisor = 25;
    private const double FinalDivisor = 1e4;

    public static double At(TrainingOptions options, int epoch, int batch, int batchesPerEpoch)
    {
        if (options.Schedule == ScheduleKind.Step)
            return options.LearningRate * Math.Pow(options.StepGamma, epoch / options.StepEpochs);

        // One-cycle with PyTorch's defaults: cosine from max/25 up to max, then down to max/25/1e4.
        double total = (double)options.Epochs * batchesPerEpoch;
        double t = (epoch * batchesPerEpoch + batch) / total;
        double max = options.LearningRate;
        double start = max / InitialDivisor;
        double end = start / FinalDivisor;
        return t < WarmupFraction
            ? Cosine(start, max, t / WarmupFraction)
            : Cosine(max, end, (t - WarmupFraction) / (1 - WarmupFraction));
    }

    private static double Cosine(double from, double to, double fraction) =>
        to + (from - to) * (1 + Math.Cos(Math.PI * fraction)) / 2;
}
