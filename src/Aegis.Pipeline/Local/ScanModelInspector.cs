using Aegis.Sandbox;
using Aegis.Scanner;
using Aegis.Pipeline.Activities;

namespace Aegis.Pipeline.Local;

/// <summary>PrepareScan's model part: the scan assembly's <see cref="ModelScan.PrepareAsync"/> in the model's sandbox.</summary>
public sealed class ScanModelInspector(SandboxOptions options) : IModelInspector
{
    public Task<ModelInspection> InspectAsync(ModelInspectionRequest request, CancellationToken cancellationToken) =>
        ScanInputErrors.GuardAsync(async () =>
        {
            var target = new ScanTarget(request.ModelPath, request.ModelName, request.DatasetDirectory, $"datasets/{request.DatasetName}");
            await using var scan = await ModelScan.OpenAsync(target, options, cancellationToken);
            var prepared = await scan.PrepareAsync(request.Parameters, cancellationToken: cancellationToken);
            return new ModelInspection(prepared.Model, prepared.Dataset with { Name = request.DatasetName }, prepared.Robustness, prepared.ClassCount, prepared.RobustnessSeconds);
        });
}
