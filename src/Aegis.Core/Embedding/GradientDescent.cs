using System.Runtime.CompilerServices;

namespace Aegis.Core.Embedding;

/// <summary>
/// scikit-learn's <c>_gradient_descent</c>: momentum with per-parameter gains (+0.2 when the
/// gradient flips sign against the last update, ×0.8 otherwise, floored at 0.01). Every 50th
/// iteration it evaluates the cost and stops after too many iterations without improvement or
/// when the gradient norm drops to <c>min_grad_norm</c>.
/// </summary>
internal sealed class GradientDescent(IKlObjective objective, double[] embedding, double learningRate)
{
    public const int CheckEvery = 50;
    private const double MinGain = 0.01;
    private const double MinGradientNorm = 1e-7;

    private readonly double[] _update = new double[embedding.Length];
    private readonly double[] _gains = Enumerable.Repeat(1.0, embedding.Length).ToArray();
    private readonly double[] _gradient = new double[embedding.Length];

    public double[] Embedding => embedding;

    /// <summary>The costs seen at each check, in order (for diagnostics and tests).</summary>
    public List<(int Iteration, double Cost)> Costs { get; } = [];

    /// <summary>Runs iterations [first, end); returns the last iteration run and the last cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int LastIteration, double Cost) Run(int first, int end, double momentum, double exaggeration, int withoutProgress, Action<int> onIteration, CancellationToken cancellationToken)
    {
        double error = double.MaxValue;
        double bestError = double.MaxValue;
        int bestIteration = first;
        int i = first;
        for (; i < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool check = (i + 1) % CheckEvery == 0;
            error = objective.Evaluate(embedding, _gradient, exaggeration, check || i == end - 1);
            double squaredNorm = 0;
            for (int k = 0; k < embedding.Length; k++)
            {
                double g = _gradient[k];
                double gain = _update[k] * g < 0.0 ? _gains[k] + 0.2 : _gains[k] * 0.8;
                gain = Math.Max(gain, MinGain);
                _gains[k] = gain;
                g *= gain;
                squaredNorm += g * g;
                _update[k] = momentum * _update[k] - learningRate * g;
                embedding[k] += _update[k];
            }
            onIteration(i);
            if (!check)
                continue;
            Costs.Add((i, error));
            if (error < bestError)
            {
                bestError = error;
                bestIteration = i;
            }
            else if (i - bestIteration > withoutProgress)
                break;
            if (Math.Sqrt(squaredNorm) <= MinGradientNorm)
                break;
        }
        return (Math.Min(i, end - 1), error);
    }
}
