using TorchSharp;

namespace Aegis.Lab.Training;

/// <summary>
/// Turns off gradients of a module's parameters for a scope. Autograd's convolution and linear
/// backward compute a weight gradient whenever the weight requires one, even when only the input's
/// gradient is asked for; an attack that differentiates only its input would pay for both.
/// </summary>
public sealed class FrozenWeights : IDisposable
{
    private readonly List<TorchSharp.Modules.Parameter> _frozen;

    public FrozenWeights(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        _frozen = module.parameters().Where(p => p.requires_grad).ToList();
        foreach (var parameter in _frozen)
            parameter.requires_grad = false;
    }

    public void Dispose()
    {
        foreach (var parameter in _frozen)
            parameter.requires_grad = true;
    }
}
