namespace Aegis.Core.Embedding;

/// <summary>
/// t-distributed stochastic neighbour embedding, following scikit-learn 1.2.1's <c>TSNE</c>
/// (squared euclidean affinities, 250 early-exaggeration iterations at momentum 0.5, then
/// momentum 0.8, gains, convergence checks every 50 iterations). Random draws differ from numpy's,
/// so embeddings match scikit-learn in structure rather than coordinate for coordinate.
/// </summary>
/// <remarks>
/// The hot loops (tree, forces, gradient descent, perplexity search) are marked
/// <c>AggressiveOptimization</c>: a scan embeds each class once, so tiered compilation ran the first
/// class's iterations in unoptimised code (about 0.3 s more CPU per scan, measured).
/// </remarks>
public static class TSne
{
    /// <summary><see cref="TSneMethod.Auto"/> uses the exact gradient below this many points.</summary>
    public const int ExactBelowSamples = 200;

    /// <summary>scikit-learn's <c>_EXPLORATION_N_ITER</c>.</summary>
    private const int ExplorationIterations = 250;

    private const int NoProgressLimit = 300;
    private const double AffinityShare = 0.05;

    /// <summary>Embeds the rows of <paramref name="input"/>; returns N × Components doubles, row-major.</summary>
    public static double[] Embed(Matrix input, TSneOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
        => Run(input, options, progress, cancellationToken).Embedding;

    internal static TSneRun Run(Matrix input, TSneOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var method = Validate(input, options);
        input = InputScale.Normalise(input);
        int n = input.Rows;
        int dims = options.Components;
        int workers = ParallelRanges.Workers(options.MaxDegreeOfParallelism);
        double learningRate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4.0, 50.0);
        int degreesOfFreedom = Math.Max(dims - 1, 1);

        progress?.Report(0);
        IKlObjective objective = method == TSneMethod.Exact
            ? new ExactObjective(DenseAffinities.Compute(input, options.Perplexity, workers, cancellationToken), n, dims, degreesOfFreedom, workers)
            : BarnesHut(SparseAffinities.Compute(input, options.Perplexity, workers, cancellationToken), n, dims, degreesOfFreedom, options.Angle, workers);
        cancellationToken.ThrowIfCancellationRequested();

        var start = options.Init == TSneInit.Pca
            ? PcaInitializer.Initialize(input, dims, options.Seed, workers)
            : RandomStart(n, dims, options.Seed);
        progress?.Report(AffinityShare);

        var descent = new GradientDescent(objective, start, learningRate);
        int total = options.Iterations;
        void Report(int iteration)
        {
            if (progress is not null && (iteration + 1) % 10 == 0)
                progress.Report(AffinityShare + (1 - AffinityShare) * (iteration + 1) / total);
        }

        var (last, cost) = descent.Run(0, ExplorationIterations, 0.5, options.EarlyExaggeration, ExplorationIterations, Report, cancellationToken);
        if (last < ExplorationIterations || total > ExplorationIterations)
            (last, cost) = descent.Run(last + 1, total, 0.8, 1.0, NoProgressLimit, Report, cancellationToken);
        progress?.Report(1);
        EnsureFinite(descent.Embedding);
        return new TSneRun(descent.Embedding, method, cost, last + 1, descent.Costs);
    }

    private static TSneMethod Validate(Matrix input, TSneOptions options)
    {
        int n = input.Rows;
        if (input.Columns < 1)
            throw new ArgumentException("t-SNE needs at least one feature column.", nameof(input));
        if (n < 2)
            throw new ArgumentException($"t-SNE needs at least 2 samples, got {n}.", nameof(input));
        foreach (var v in input.Data)
        {
            if (!float.IsFinite(v))
                throw new ArgumentException("Input contains NaN or infinity; t-SNE needs finite features.", nameof(input));
        }
        if (!(options.Perplexity > 0))
            throw new ArgumentException($"Perplexity must be positive, got {options.Perplexity}.", nameof(options));
        if (options.Perplexity >= n)
            throw new ArgumentException($"perplexity must be less than n_samples (perplexity {options.Perplexity}, {n} samples).", nameof(options));
        if (options.Components < 1)
            throw new ArgumentException($"Components must be at least 1, got {options.Components}.", nameof(options));
        if (!(options.EarlyExaggeration >= 1))
            throw new ArgumentException($"EarlyExaggeration must be at least 1, got {options.EarlyExaggeration}.", nameof(options));
        if (options.LearningRate is double rate && !(rate > 0 && double.IsFinite(rate)))
            throw new ArgumentException($"LearningRate must be positive, got {rate}.", nameof(options));
        if (options.Iterations < ExplorationIterations)
            throw new ArgumentException($"Iterations must be at least {ExplorationIterations}, got {options.Iterations}.", nameof(options));
        if (!(options.Angle >= 0 && options.Angle <= 1))
            throw new ArgumentException($"Angle must be within [0, 1], got {options.Angle}.", nameof(options));
        ParallelRanges.Workers(options.MaxDegreeOfParallelism);

        var method = options.Method == TSneMethod.Auto
            ? n < ExactBelowSamples ? TSneMethod.Exact : TSneMethod.BarnesHut
            : options.Method;
        if (method == TSneMethod.BarnesHut && options.Components > 3)
            throw new ArgumentException($"Barnes-Hut t-SNE supports at most 3 components (it relies on a quad- or oct-tree), got {options.Components}.", nameof(options));
        return method;
    }

    /// <summary>The exact gradient has no tree that would notice a NaN on the way; this is the last line of defence for both.</summary>
    private static void EnsureFinite(double[] embedding)
    {
        foreach (var v in embedding)
        {
            if (!double.IsFinite(v))
                throw new ArithmeticException("t-SNE diverged: the embedding contains NaN or infinite coordinates.");
        }
    }

    private static IKlObjective BarnesHut(SparseAffinities p, int n, int dims, int degreesOfFreedom, double angle, int workers)
        => dims == 2
            ? new PlanarBarnesHutObjective(p, n, angle, workers)
            : new BarnesHutObjective(p, n, dims, degreesOfFreedom, angle, workers);

    private static double[] RandomStart(int n, int dims, int seed)
    {
        var random = new Random(seed);
        var start = new double[n * dims];
        for (int k = 0; k < start.Length; k++)
            start[k] = 1e-4 * Gaussian.Next(random);
        return start;
    }
}
