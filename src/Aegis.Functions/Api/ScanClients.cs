using Aegis.Pipeline.Api;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Aegis.Functions.Api;

/// <summary>
/// The pipeline's scan starter and HTTP API on the Durable client of one invocation: in Functions
/// the client is a binding of each function, not a service of the app.
/// </summary>
public sealed class ScanClients(ScanStorage storage, ModelUploadSas uploads, AegisSettings settings, ILogger<ScanStarter> logger)
{
    public ScanStarter Starter(DurableTaskClient client) => new(new DurableTaskClientInstances(client), settings, logger);

    public ScanApi Api(DurableTaskClient client)
    {
        var instances = new DurableTaskClientInstances(client);
        return new ScanApi(storage, new ScanStarter(instances, settings, logger), instances, uploads);
    }
}
