namespace Aegis.Testing;

/// <summary>
/// Azurite with its blob, queue and table services (the Durable Task engine needs all three) on
/// free loopback ports, in memory, for the lifetime of the test run.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly ChildProcess _process;

    public AzuriteServer()
    {
        string binary = Path.Combine(RepoPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(binary))
            throw new InvalidOperationException($"Azurite is not installed: run scripts/prerequisites.sh --test (npm ci in {Path.Combine(RepoPaths.Root, "tools", "azurite")}) first.");
        (BlobPort, QueuePort, TablePort) = (RepoPaths.FreePort(), RepoPaths.FreePort(), RepoPaths.FreePort());
        _process = new ChildProcess("azurite", binary,
        [
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        ]);
        _process.WaitForLineAsync(l => l.Contains("Table service is successfully listening", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public void Dispose() => _process.Dispose();
}
