using Aegis.Sandbox.WallProbe;

namespace Aegis.Sandbox.Tests;

/// <summary>A real sandbox session running the wall probe (Aegis.Sandbox.WallProbe) instead of the sandbox program, behind the same walls.</summary>
internal sealed class WallProbe(SandboxSession session) : IAsyncDisposable
{
    public const int Eperm = 1, Enoent = 2, Esrch = 3, Eacces = 13, Einval = 22;

    public SandboxSession Session { get; } = session;

    public static async Task<WallProbe> StartAsync(IsolationMode isolation, IReadOnlyList<SandboxInput>? inputs = null, SandboxOptions? options = null) =>
        new(await SandboxSession.StartAsync(inputs ?? [], (options ?? new SandboxOptions()) with { Isolation = isolation },
            SandboxRuntime.Locate("Aegis.Sandbox.WallProbe"), CancellationToken.None));

    public Task<ProbeAnswer> RunAsync(string probe, ProbeRequest? request = null) =>
        Session.CallAsync<ProbeAnswer>(probe, request ?? new ProbeRequest());

    public async Task<int> ErrnoAsync(string probe, ProbeRequest? request = null) => (await RunAsync(probe, request)).Errno;

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
