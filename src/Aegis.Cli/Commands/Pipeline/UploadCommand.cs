using System.CommandLine;
using Aegis.Core.IO;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Azure.Storage.Blobs;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary>
/// `aegis upload`: puts a dataset folder or a model into the configured storage account
/// (AzureWebJobsStorage; Azurite locally), what `az storage blob upload[-batch]` would do; or, with
/// --remote, a model through a host's upload URL (POST /api/uploads), needing only the API key.
/// </summary>
public static class UploadCommand
{
    public static Command Create()
    {
        var path = new Argument<FileSystemInfo>("path") { Description = "A model file (to the models container) or, with --dataset, a folder of IDX or CIFAR-10 files." };
        var dataset = new Option<string?>("--dataset") { Description = "Upload the folder as datasets/<name>/ (e.g. fashion-mnist)." };
        var name = new Option<string?>("--name") { Description = "Blob name for a model (default: the file name)." };
        var datasetOfModel = new Option<string?>("--for-dataset") { Description = "With a model: name its dataset (a sidecar <name>.aegis.json written first; with --remote, the blob's metadata)." };
        var remote = new Option<string?>("--remote") { Description = "Upload the model through the Aegis host (aegis serve or the Functions app) at this URL: it answers a short-lived upload URL for models/<name>, so no storage credentials are needed." };
        var key = new Option<string?>("--key") { Description = "API key for --remote (default: $AEGIS_API_KEY)." };
        var command = new Command("upload", "Upload a model (starts a scan when `aegis serve` is running) or a dataset folder to the storage account in AzureWebJobsStorage (environment or local.settings.json), or a model through a host with --remote.")
        {
            path, dataset, name, datasetOfModel, remote, key,
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
            if (parse.GetValue(remote) is { } remoteUrl)
                return await UploadRemoteAsync(remoteUrl, parse.GetValue(key), source, parse.GetValue(dataset), parse.GetValue(name), parse.GetValue(datasetOfModel), cancellationToken);

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

    private static async Task<int> UploadRemoteAsync(string remoteUrl, string? key, FileSystemInfo source, string? dataset, string? name, string? forDataset,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(remoteUrl, UriKind.Absolute, out var host) || host.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"error: --remote needs an http(s) URL, not '{remoteUrl}'.");
            return ExitCodes.Usage;
        }
        if (dataset is not null)
        {
            Console.Error.WriteLine("error: --remote uploads models only; datasets go to the storage account (aegis upload --dataset with AzureWebJobsStorage, or az storage blob upload-batch).");
            return ExitCodes.Usage;
        }
        if (source is not FileInfo model || !model.Exists)
        {
            Console.Error.WriteLine($"error: model file {source.FullName} not found.");
            return ExitCodes.Usage;
        }
        var apiKey = key ?? Environment.GetEnvironmentVariable("AEGIS_API_KEY");
        if (string.IsNullOrEmpty(apiKey))
        {
            Console.Error.WriteLine("error: --remote needs --key or $AEGIS_API_KEY.");
            return ExitCodes.Usage;
        }
        using var client = new RemoteScanClient(host, apiKey);
        try
        {
            var uploaded = await client.UploadAsync(model.FullName, name ?? model.Name, forDataset, cancellationToken);
            Console.WriteLine($"{uploaded.Container}/{uploaded.Name} (version {uploaded.ETag})");
            return 0;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.ScanError;
        }
    }

    private static async Task Upload(BlobContainerClient container, string blob, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        await container.GetBlobClient(blob).UploadAsync(stream, overwrite: true, cancellationToken);
    }
}
