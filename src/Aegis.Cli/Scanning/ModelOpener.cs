using Aegis.Lab.Storage;
using Aegis.Torch.Models;

namespace Aegis.Cli.Scanning;

/// <summary>Opens a model file of either kind the scanner reads: a TorchScript export or a lab model.</summary>
public static class ModelOpener
{
    public static IImageClassifier Open(string path)
    {
        if (Directory.Exists(path) || LabModelStore.IsLabModel(path))
        {
            try
            {
                return LabModelStore.Load(path);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                throw new ModelLoadException(e.Message, e);
            }
        }
        return TorchScriptClassifier.Load(path);
    }

    public static string FormatOf(string path) =>
        Directory.Exists(path) || LabModelStore.IsLabModel(path) ? "aegis-lab" : "torchscript";
}
