using Aegis.Core.Verdicts;
using Aegis.ModelSafety;
using Aegis.Sandbox;

namespace Aegis.Scanner;

/// <summary>
/// The model as the sandbox is given it, after the static check. A TorchScript upload is never
/// shown to libtorch: the check writes a canonical copy of exactly the entries it read into a
/// private temporary folder, and that copy is the sandbox's input, deleted as soon as the sandbox
/// has loaded it (libtorch reads the whole archive into memory) or the scan fails. A
/// lab model (TorchSharp weights beside a descriptor, read by one reader) is shown as it is.
/// </summary>
internal sealed class CanonicalModel : IDisposable
{
    private readonly string? _folder;

    private CanonicalModel(SandboxInput input, CanonicalCopy? copy, string? folder)
    {
        Input = input;
        Copy = copy;
        _folder = folder;
    }

    public SandboxInput Input { get; }

    /// <summary>The canonical copy, or null for a lab model.</summary>
    public CanonicalCopy? Copy { get; }

    /// <summary>Checks the model at <paramref name="path"/>; a model that does not pass is a <see cref="ScanFailureException"/> and leaves nothing behind.</summary>
    public static CanonicalModel Create(string path)
    {
        // CreateTempSubdirectory makes the folder readable by its owner only.
        var folder = Directory.CreateTempSubdirectory("aegis-model-").FullName;
        try
        {
            var safety = ModelSafetyCheck.CheckAndCanonicalize(path, Path.Combine(folder, CopyName(path)));
            if (!safety.IsSafe)
                throw new ScanFailureException(safety.ErrorCode!, safety.Describe());
            if (safety.CanonicalCopy is { } copy)
                return new CanonicalModel(new SandboxInput(ModelFiles.InputName, copy.Path), copy, folder);
            Directory.Delete(folder, recursive: true);
            return new CanonicalModel(ModelFiles.Input(path), null, null);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Deletes the copy (once the sandbox has loaded it, or when the scan fails); safe to call again.</summary>
    public void Dispose()
    {
        if (_folder is null || !Directory.Exists(_folder))
            return;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A copy left in the temp folder holds nothing the upload does not; the next clean-up takes it.
        }
    }

    /// <summary>The upload's own file name (libtorch's messages name it), or model.pt when it has none worth keeping.</summary>
    private static string CopyName(string path)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return name.Length is > 0 and <= 200 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && name is not ("." or "..") ? name : "model.pt";
    }
}
