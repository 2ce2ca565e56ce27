using System.Text.Json;

namespace Aegis.Sandbox.Protocol;

/// <summary>One line the parent writes to the sandbox's standard input: run <see cref="Operation"/> with these arguments.</summary>
public sealed record SandboxRequest(long Id, string Operation, JsonElement Arguments);
