using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Aegis.Functions.Triggers;

public sealed class ModelBlobTrigger
{
    [Function("ModelBlobCreated")]
    public async Task RunAsync(
        [BlobTrigger("models/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync("ScanOrchestrator", properties.Value.ETag.ToString(), cancellationToken);
    }
}
