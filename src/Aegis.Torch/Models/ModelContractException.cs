namespace Aegis.Torch.Models;

/// <summary>
/// The model loads but breaks the scanner's contract (forward on [N,C,H,W] in [0,1] returning [N,K]
/// logits, an exported <c>features</c> method returning [N,D], finite outputs, gradients to the input).
/// The message says which part is broken.
/// </summary>
public sealed class ModelContractException : Exception
{
    public ModelContractException(string message, Exception? inner = null) : base(message, inner) { }
}
