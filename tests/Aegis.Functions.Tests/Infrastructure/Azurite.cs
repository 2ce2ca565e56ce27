using System.Diagnostics;
using System.Net.Sockets;

namespace Aegis.Functions.Tests.Infrastructure;

/// <summary>Azurite's blob service (the real storage emulator, npm) on a free loopback port, in memory, for one test class.</summary>
internal sealed class Azurite : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    public Azurite()
    {
        string binary = Path.Combine(RepoPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(binary))
            throw new InvalidOperationException($"Azurite is not installed: run scripts/prerequisites.sh --test first ({binary}).");
        Port = FreePort.Next();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Listening())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("Azurite did not start listening.");
            Thread.Sleep(100);
        }
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
