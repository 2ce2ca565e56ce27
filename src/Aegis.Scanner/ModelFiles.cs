using System.Security.Cryptography;
using Aegis.Sandbox;
using Aegis.Core.Verdicts;

namespace Aegis.Scanner;

/// <summary>
/// Which files of a model the sandbox may see, and the bytes its verdict is for. A TorchScript
/// file is shown alone; a lab model (its folder, or its model.json / model.weights) is shown as
/// its folder, since its descriptor names the weights beside it.
/// </summary>
internal static class ModelFiles
{
    public const string InputName = "model";
    private const string LabDescriptor = "model.json";
    private const string LabWeights = "model.weights";

    public static SandboxInput Input(string path)
    {
        if (Directory.Exists(path))
            return new SandboxInput(InputName, Path.GetFullPath(path));
        string name = Path.GetFileName(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        bool lab = name is LabDescriptor || (name is LabWeights && System.IO.File.Exists(Path.Combine(folder, LabDescriptor)));
        return new SandboxInput(InputName, lab ? folder : Path.GetFullPath(path));
    }

    /// <summary>Lower-case hex SHA-256 of the model file (of a lab model: its weights).</summary>
    public static string Sha256(SandboxInput model, string? weightsFile)
    {
        using var stream = System.IO.File.OpenRead(PathOf(model, weightsFile));
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static long Size(SandboxInput model, string? weightsFile) => new FileInfo(PathOf(model, weightsFile)).Length;

    private static string PathOf(SandboxInput model, string? weightsFile)
    {
        if (!model.IsDirectory)
            return model.HostPath;
        // The name came from the sandbox: only a plain file name inside the model's own folder is taken.
        if (weightsFile is null || weightsFile != Path.GetFileName(weightsFile) || weightsFile is "." or ".." || !System.IO.File.Exists(Path.Combine(model.HostPath, weightsFile)))
            throw new ScanFailureException(ErrorCodes.ModelUnreadable, $"The lab model in {model.HostPath} names no weights file inside its folder.");
        return Path.Combine(model.HostPath, weightsFile);
    }
}
