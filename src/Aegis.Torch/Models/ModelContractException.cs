using Aegis.Core.Verdicts;

namespace Aegis.Torch.Models;

/// <summary>
/// The model loads but breaks the scanner's contract (forward on [N,C,H,W] in [0,1] returning [N,K]
/// logits, an exported <c>features</c> method returning [N,D], finite outputs, gradients to the input).
/// The message says which part is broken, never what the model computed.
/// </summary>
public sealed class ModelContractException(string message, Exception? inner = null)
    : ScanFailureException(ErrorCodes.ModelContract, message, inner);
