using System.CommandLine;
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
            var storage = new ScanStorage(SettingsSource.Load());
            await storage.EnsureContainersAsync(cancellationToken);
            var source = parse.GetValue(path)!;
            if (parse.GetValue(dataset) is { } datasetName)
            {
                if (source is not DirectoryInfo folder || !folder.Exists)
                {
                    Console.Error.WriteLine($"error: --dataset needs a folder; {source.FullName} is not one.");
                    return ExitCodes.Usage;
                }
                foreach (var file in folder.GetFiles())
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
