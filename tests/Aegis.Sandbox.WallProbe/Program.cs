using System.Text.Json;
using Aegis.Sandbox.Protocol;
using Aegis.Sandbox.Walls;
using Aegis.Sandbox.WallProbe;

// The same first line as the sandbox program's: nothing below runs outside the walls.
SandboxWalls.Raise();
var output = Console.OpenStandardOutput();
while (Console.In.ReadLine() is { } line)
{
    var request = JsonSerializer.Deserialize<SandboxRequest>(line, SandboxJson.Options)!;
    if (request.Operation == "error-with-text")
    {
        // What a sandbox taken over by its model might answer: a known code and words of its own.
        output.Write(System.Text.Encoding.UTF8.GetBytes(
            $"{{\"id\":{request.Id},\"kind\":\"error\",\"code\":\"dataset-invalid\",\"message\":\"planted-by-the-model: AccountKey=abc\"}}\n"));
        output.Flush();
        continue;
    }
    var arguments = SandboxJson.Deserialize<ProbeRequest>(request.Arguments);
    var answer = Probes.Run(request.Operation, arguments, fraction => Send(new SandboxMessage { Id = request.Id, Kind = MessageKinds.Progress, Fraction = fraction }));
    Send(new SandboxMessage { Id = request.Id, Kind = MessageKinds.Result, Result = JsonSerializer.SerializeToElement(answer, SandboxJson.Options) });
}
return 0;

void Send(SandboxMessage message)
{
    output.Write(JsonSerializer.SerializeToUtf8Bytes(message, SandboxJson.Options));
    output.Write("\n"u8);
    output.Flush();
}
