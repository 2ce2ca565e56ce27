using Aegis.Sandbox.Operations;
using Aegis.Core.Verdicts;
using Aegis.Lab.Storage;
using Aegis.Torch.Models;
using TorchSharp;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Loads the model (a TorchScript export or a lab model) on the requested device and checks it against the contract.</summary>
public sealed class OpenModelOperation : SandboxOperation<OpenModelRequest, ModelDescription>
{
    public override string Name => OperationNames.OpenModel;

    public override ModelDescription Run(OpenModelRequest request, SandboxContext context)
    {
        if (context.Model is not null)
            throw new InvalidOperationException("A sandbox holds one model; it is already open.");
        var device = Resolve(request.Device);
        if (!File.Exists(request.Path) && !Directory.Exists(request.Path))
            throw new ScanFailureException(ErrorCodes.ModelNotFound, $"Model file not found: {request.Path}");
        context.Progress.Report(0);

        string? weights = null;
        IImageClassifier model;
        if (Directory.Exists(request.Path) || LabModelStore.IsLabModel(request.Path))
        {
            try
            {
                weights = LabModelStore.ReadDescriptor(request.Path).Weights;
                model = LabModelStore.LoadClassifier(request.Path).To(device);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                throw new ModelLoadException(e.Message, e);
            }
        }
        else
        {
            model = TorchScriptClassifier.Load(request.Path, new TorchScriptLoadOptions { Name = request.Name, Device = device });
        }
        context.Model = model;
        return new ModelDescription(model.Name, model.Format, model.InputShape, model.ClassCount, model.FeatureDimension, device.type.ToString().ToLowerInvariant(), weights);
    }

    private static torch.Device Resolve(string device)
    {
        bool cuda = torch.cuda.is_available();
        return device switch
        {
            "cpu" => torch.CPU,
            "cuda" when cuda => torch.CUDA,
            "cuda" => throw new ScanFailureException(ErrorCodes.DeviceUnavailable,
                "--device cuda was asked for, but this build or machine has no CUDA device (the default build uses TorchSharp-cpu; see the README on building for CUDA). Use --device cpu or auto."),
            "auto" => cuda ? torch.CUDA : torch.CPU,
            _ => throw new ScanFailureException(ErrorCodes.InvalidParameters, "device must be auto, cpu or cuda."),
        };
    }
}
