using static TorchSharp.torch;

namespace Aegis.Torch.NeuralCleanse;

/// <summary>
/// Adam for a parameter whose first dimension holds one independent problem per row (one class's
/// mask or pattern). Written out rather than torch.optim's so finished rows can be dropped with their
/// moments; per element it is the same update, so every class sees the optimiser it would see alone.
/// </summary>
internal sealed class RowAdam(Tensor parameter, double learningRate, double beta1 = 0.5, double beta2 = 0.9, double epsilon = 1e-7) : IDisposable
{
    private Tensor _first = zeros_like(parameter);
    private Tensor _second = zeros_like(parameter);
    private int _step;

    public Tensor Parameter { get; private set; } = parameter;

    /// <summary>One Adam step of <see cref="Parameter"/> along <paramref name="gradient"/>, in place.</summary>
    public void Step(Tensor gradient)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _step++;
        _first.mul_(beta1).add_(gradient, alpha: 1 - beta1);
        _second.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
        double firstCorrection = 1 - Math.Pow(beta1, _step);
        double secondCorrection = 1 - Math.Pow(beta2, _step);
        var denominator = _second.div(secondCorrection).sqrt_().add_(epsilon);
        Parameter.addcdiv_(_first, denominator, value: -learningRate / firstCorrection);
    }

    /// <summary>Keeps only the rows at <paramref name="rows"/> (of parameter and moments); the kept tensors outlive any dispose scope.</summary>
    public void Keep(Tensor rows)
    {
        Replace(ref _first, _first.index_select(0, rows).DetachFromDisposeScope());
        Replace(ref _second, _second.index_select(0, rows).DetachFromDisposeScope());
        var kept = Parameter.detach().index_select(0, rows).DetachFromDisposeScope();
        Parameter.Dispose();
        Parameter = kept;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        Parameter.Dispose();
    }

    private static void Replace(ref Tensor field, Tensor value)
    {
        field.Dispose();
        field = value;
    }
}
