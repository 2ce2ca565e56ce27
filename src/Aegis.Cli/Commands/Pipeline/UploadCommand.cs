using System.CommandLine;
using Aegis.Core.IO;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Azure.Storage.Blobs;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary>
/// `aegis upload`: puts a dataset folder or a model into the configured storage account
/// (AzureWebJobsStorage; Azurite locally), what `az storage blob upload[-batch]` would do.
/// </summary>
public static class UploadCommand
{
    public static Command Create()
    {
        var path = new Argument<FileSystemInfo>("path") { Description = "A model file (to the models container) or, with --dataset, a folder of IDX or CIFAR-10 files." };
        var dataset = new Option<string?>("--dataset") { Description = "Upload the folder as datasets/<name>/ (e.g. fashion-mnist)." };
        var name = new Option<string?>("--name") { Description = "Blob name for a model (default: the file name)." };
        var datasetOfModel = new Option<string?>("--for-dataset") { Description = "With a model: write the sidecar <name>.aegis.json naming this dataset first." };
        var command = new Command("upload", "Upload a model (starts a scan when `aegis serve` is running) or a dataset folder to the storage account in AzureWebJobsStorage (environment or local.settings.json).")
        {
            path, dataset, name, datasetOfModel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(path)!;
            // The names the server would refuse are refused here, before anything is stored.
            var names = new[] { ("--dataset", parse.GetValue(dataset)), ("--name", parse.GetValue(name) ?? (source is FileInfo ? source.Name : null)), ("--for-dataset", parse.GetValue(datasetOfModel)) };
            foreach (var (option, value) in names.Where(n => n.Item2 is not null))
            {
                if (BlobNameValidator.Problem(value) is { } problem)
                {
                    Console.Error.WriteLine($"error: {option}: {problem}.");
                    return ExitCodes.Usage;
                }
            }
            var storage = new ScanStorage(SettingsSource.Load());
            await storage.EnsureContainersAsync(cancellationToken);
            if (parse.GetValue(dataset) is { } datasetName)
            {
                if (source is not DirectoryInfo folder || !folder.Exists)
                {
                    Console.Error.WriteLine($"error: --dataset needs a folder; {source.FullName} is not one.");
                    return ExitCodes.Usage;
                }
                var files = folder.GetFiles();
                if (files.FirstOrDefault(f => !BlobNameValidator.IsValid($"{datasetName}/{f.Name}")) is { } unfit)
                {
                    Console.Error.WriteLine($"error: {unfit.FullName}: {BlobNameValidator.Problem($"{datasetName}/{unfit.Name}")}.");
                    return ExitCodes.Usage;
                }
                foreach (var file in files)
                {
                    await Upload(storage.Datasets, $"{datasetName}/{file.Name}", file.FullName, cancellationToken);
                    Console.WriteLine($"datasets/{datasetName}/{file.Name}");
                }
                return 0;
            }

            if (source is not FileInfo model || !model.Exists)
            {
                Console.Error.WriteLine($"error: model file {source.FullName} not found.");
                return ExitCodes.Usage;
            }
            string blob = parse.GetValue(name) ?? model.Name;
            if (parse.GetValue(datasetOfModel) is { } forDataset)
            {
                // The sidecar goes first so the trigger sees it with the model.
                await ScanStorage.WriteJsonAsync(storage.Models, $"{blob}.aegis.json", new { dataset = forDataset }, cancellationToken);
                Console.WriteLine($"models/{blob}.aegis.json");
            }
            await Upload(storage.Models, blob, model.FullName, cancellationToken);
            Console.WriteLine($"models/{blob}");
            return 0;
        });
        return command;
    }

    private static async Task Upload(BlobContainerClient container, string blob, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        await container.GetBlobClient(blob).UploadAsync(stream, overwrite: true, cancellationToken);
    }
}
