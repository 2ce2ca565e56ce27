using Aegis.Core.Verdicts;

namespace Aegis.Torch.Models;

/// <summary>The model file cannot be read at all: missing, empty, not a TorchScript archive, or corrupt.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null)
    : ScanFailureException(ErrorCodes.ModelUnreadable, message, inner);
