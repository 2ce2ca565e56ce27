namespace Aegis.Scanning.Tests.Infrastructure;

/// <summary>Azurite's blob service on a free loopback port, in memory, for the lifetime of the test run.</summary>
internal sealed class AzuriteServer : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly ChildProcess _process;

    public AzuriteServer()
    {
        string binary = Path.Combine(RepoPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(binary))
            throw new InvalidOperationException($"Azurite is not installed: run `npm install` in {Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(binary)))} first.");
        Port = RepoPaths.FreePort();
        _process = new ChildProcess("azurite", binary,
            ["--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry"]);
        _process.WaitForLineAsync(l => l.Contains("successfully listen", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public void Dispose() => _process.Dispose();
}
