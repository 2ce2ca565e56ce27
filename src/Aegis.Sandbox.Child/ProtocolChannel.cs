using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Aegis.Sandbox.Protocol;
using Aegis.Core.Verdicts;
using Microsoft.Win32.SafeHandles;

namespace Aegis.Sandbox.Child;

/// <summary>
/// The sandbox's side of the protocol. Requests arrive as JSON lines on standard input; messages
/// leave on a private copy of standard output, while file descriptor 1 itself is pointed at
/// standard error, so whatever libtorch or a model prints cannot corrupt or forge a message. When
/// standard input ends (the parent closed it or died) the sandbox exits at once, even in the
/// middle of an operation.
/// </summary>
internal sealed partial class ProtocolChannel : IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly StreamWriter _out;
    private readonly BlockingCollection<SandboxRequest> _requests = new();
    private readonly Lock _gate = new();
    private DateTime _lastProgress = DateTime.MinValue;

    private ProtocolChannel(StreamWriter output)
    {
        _out = output;
        var reader = new Thread(ReadRequests) { IsBackground = true, Name = "sandbox-requests" };
        reader.Start();
    }

    public static ProtocolChannel Open()
    {
        Console.Out.Flush();
        int protocol = Dup(1);
        if (protocol < 0 || Dup2(2, 1) < 0)
            throw new InvalidOperationException($"The sandbox could not set up its protocol channel (errno {Marshal.GetLastPInvokeError()}).");
        var stream = new FileStream(new SafeFileHandle(protocol, ownsHandle: true), FileAccess.Write);
        return new ProtocolChannel(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false, NewLine = "\n" });
    }

    /// <summary>Runs each request to its one result or error, in order, until standard input ends.</summary>
    public void Serve(OperationRegistry operations, SandboxContext context)
    {
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            context.Begin(request.Id, new Progress(this, request.Id));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var result = operations.Run(request, context);
                Console.Error.WriteLine($"{request.Operation}: {clock.Elapsed.TotalSeconds:F1} s");
                Send(new SandboxMessage { Id = request.Id, Kind = MessageKinds.Result, Result = JsonSerializer.SerializeToElement(result, result.GetType(), SandboxJson.Options) });
            }
            catch (Exception e)
            {
                Send(new SandboxMessage { Id = request.Id, Kind = MessageKinds.Error, Code = SandboxErrors.CodeOf(request.Operation, e) });
            }
        }
    }

    public void Dispose()
    {
        _out.Dispose();
        _requests.Dispose();
    }

    private void Send(SandboxMessage message)
    {
        lock (_gate)
        {
            _out.WriteLine(SandboxJson.Serialize(message));
            _out.Flush();
        }
    }

    private void ReadRequests()
    {
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        while (input.ReadLine() is { } line)
        {
            SandboxRequest? request = null;
            try
            {
                request = JsonSerializer.Deserialize<SandboxRequest>(line, SandboxJson.Options);
            }
            catch (JsonException)
            {
            }
            if (request is null)
            {
                Console.Error.WriteLine("The sandbox received a request it cannot read.");
                Send(new SandboxMessage { Id = 0, Kind = MessageKinds.Error, Code = ErrorCodes.Internal });
                continue;
            }
            _requests.Add(request);
        }
        // The parent is gone or done: stop now, whatever the model is doing.
        Exit(0);
    }

    private sealed class Progress(ProtocolChannel channel, long id) : IProgress<double>
    {
        public void Report(double value)
        {
            var now = DateTime.UtcNow;
            lock (channel._gate)
            {
                if (now - channel._lastProgress < ProgressInterval && value < 1)
                    return;
                channel._lastProgress = now;
            }
            channel.Send(new SandboxMessage { Id = id, Kind = MessageKinds.Progress, Fraction = value });
        }
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
