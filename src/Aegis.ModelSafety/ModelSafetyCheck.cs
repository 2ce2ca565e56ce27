using System.Diagnostics;
using Aegis.ModelSafety.Archive;
using Aegis.ModelSafety.Lab;
using Aegis.Core.Text;

namespace Aegis.ModelSafety;

/// <summary>
/// The static model check that runs before any model is loaded, in the spirit of ModelScan: a
/// TorchScript archive is read as a zip, its pickles scanned opcode by opcode (never executed)
/// against the globals a TorchScript archive needs, and its code parsed and checked against the
/// operators an image classifier needs. A lab model (model.json + TorchSharp weights) has no code;
/// its descriptor and weights headers are checked for size and structure.
/// </summary>
public static class ModelSafetyCheck
{
    /// <summary>Checks the model at <paramref name="path"/> (a .pt file, a lab model folder, its model.json or weights).</summary>
    public static ModelSafetyReport Check(string path, ModelSafetyLimits? limits = null) => Run(path, limits, canonicalPath: null);

    /// <summary>
    /// Checks the model and, when it is a TorchScript archive that passes, writes its canonical copy
    /// to <paramref name="canonicalPath"/> (a new file): the archive libtorch is to load instead of
    /// the upload (<see cref="ModelSafetyReport.CanonicalCopy"/>). Nothing is written for a lab
    /// model, whose files have no second reader, or for a model that does not pass.
    /// </summary>
    public static ModelSafetyReport CheckAndCanonicalize(string path, string canonicalPath, ModelSafetyLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalPath);
        return Run(path, limits, canonicalPath);
    }

    private static ModelSafetyReport Run(string path, ModelSafetyLimits? limits, string? canonicalPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ModelSafetyLimits.Default;
        var clock = Stopwatch.StartNew();
        var findings = new FindingCollector();
        string format = ModelSafetyReport.UnknownFormat;
        ModelInventory? inventory = null;
        CanonicalCopy? copy = null;
        var status = ModelSafetyStatus.Unsupported;
        try
        {
            if (LabModelFiles.FindDescriptor(path, limits.MaxDescriptorBytes) is { } descriptor)
            {
                format = ModelSafetyReport.LabFormat;
                inventory = LabModelCheck.Run(descriptor, limits, findings);
                status = ModelSafetyReport.StatusOf(findings.All);
            }
            else if (File.Exists(path) && ArchiveReader.LooksLikeZip(path))
            {
                format = ModelSafetyReport.TorchScriptFormat;
                (inventory, copy) = TorchScriptArchiveCheck.Run(path, limits, findings, canonicalPath);
                status = ModelSafetyReport.StatusOf(findings.All);
            }
            else if (!File.Exists(path) && !Directory.Exists(path))
            {
                findings.Unreadable("file", "model", UntrustedText.QuoteAscii(path), "the model does not exist");
                status = ModelSafetyStatus.Unreadable;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            findings.Unreadable("file", "model", UntrustedText.QuoteAscii(path), $"the model cannot be read ({UntrustedText.QuoteAscii(e.Message)})");
            status = ModelSafetyReport.StatusOf(findings.All);
        }
        return new ModelSafetyReport
        {
            Path = path,
            Format = format,
            Status = status,
            Findings = findings.All,
            Inventory = inventory,
            CanonicalCopy = copy,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }
}
