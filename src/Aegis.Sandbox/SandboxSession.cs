using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Aegis.Sandbox.Protocol;
using Aegis.Core.Verdicts;

namespace Aegis.Sandbox;

/// <summary>
/// One sandbox: a child process (Aegis.Sandbox.Child) that holds one untrusted model and runs
/// operations on it, one at a time, over JSON lines on its standard input and output. The parent
/// side enforces the limits the child cannot be trusted with: a wall-clock budget, a longest
/// silence per step, resident memory and output size; on any overrun, crash or protocol
/// violation the child is killed and the call fails with its own error code, while the caller
/// carries on. Disposing closes the child's input (it exits), kills it if it lingers and deletes
/// its output folder.
/// </summary>
public sealed class SandboxSession : IAsyncDisposable
{
    /// <summary>Longest protocol line accepted; results are small JSON (arrays go through files).</summary>
    private const int MaxLineBytes = 1 << 20;
    /// <summary>Resident memory allowed above the heap limit for the code the runtime and libtorch map (about 0.3 GB measured).</summary>
    private const long CodeAllowance = 1L << 30;
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    private readonly Process _process;
    private readonly SandboxOptions _options;
    private readonly IReadOnlyList<SandboxInput> _inputs;
    private readonly SemaphoreSlim _calls = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ErrorTail _errors;
    private readonly Task _reader, _watchdog, _errorReader;
    private readonly Lock _gate = new();
    private Call? _call;
    private ScanFailureException? _ended;
    private long _nextId;
    private TimeSpan _busy;

    private sealed class Call(long id, string operation, IProgress<double>? progress)
    {
        public long Id { get; } = id;
        public string Operation { get; } = operation;
        public IProgress<double>? Progress { get; } = progress;
        public TaskCompletionSource<SandboxMessage> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public long LastMessageTicks = Stopwatch.GetTimestamp();
    }

    private SandboxSession(Process process, SandboxOptions options, IReadOnlyList<SandboxInput> inputs, string outputDirectory, string isolation, string? note)
    {
        _process = process;
        _options = options;
        _inputs = inputs;
        OutputDirectory = outputDirectory;
        Isolation = isolation;
        IsolationNote = note;
        _errors = new ErrorTail(options.ShowSandboxErrors);
        _reader = Task.Run(ReadMessagesAsync);
        _errorReader = Task.Run(() => _errors.DrainAsync(_process.StandardError.BaseStream));
        _watchdog = Task.Run(WatchAsync);
    }

    /// <summary>"bubblewrap" or "process" (a plain child process).</summary>
    public string Isolation { get; }
    /// <summary>Why the sandbox runs without bubblewrap, when it does.</summary>
    public string? IsolationNote { get; }
    /// <summary>The sandbox's private writable folder, as the parent sees it.</summary>
    public string OutputDirectory { get; }

    public const string Bubblewrapped = "bubblewrap";
    public const string PlainProcess = "process";

    public static async Task<SandboxSession> StartAsync(IReadOnlyList<SandboxInput> inputs, SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The model sandbox needs Linux (namespaces, resource limits, /proc).");
        if (options.Validate() is { Count: > 0 } problems)
            throw new ScanFailureException(ErrorCodes.InvalidParameters, "Invalid sandbox options: " + string.Join(" ", problems));
        foreach (var input in inputs)
        {
            if (!File.Exists(input.HostPath) && !Directory.Exists(input.HostPath))
                throw new FileNotFoundException($"{input.HostPath} does not exist.", input.HostPath);
        }

        var runtime = SandboxRuntime.Locate();
        var (bwrap, problem) = options.Isolation == IsolationMode.Process ? (null, "plain process requested") : Bubblewrap.Usable;
        if (bwrap is null && options.Isolation == IsolationMode.Bubblewrap)
            throw new ScanFailureException(ErrorCodes.SandboxUnavailable, $"The sandbox must run under bubblewrap, but {problem}.");

        string output = Path.Combine(Path.GetTempPath(), "aegis-sandbox", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var environment = Environment(options, bwrap is null ? output : Bubblewrap.OutputInside);
            ProcessStartInfo start;
            if (bwrap is not null)
            {
                start = new ProcessStartInfo(bwrap);
                foreach (var arg in Bubblewrap.Arguments(runtime, inputs, output, environment))
                    start.ArgumentList.Add(arg);
                foreach (var arg in runtime.Command)
                    start.ArgumentList.Add(arg);
                start.Environment.Clear();
            }
            else
            {
                start = new ProcessStartInfo(runtime.Command[0]) { WorkingDirectory = output };
                foreach (var arg in runtime.Command.Skip(1))
                    start.ArgumentList.Add(arg);
                start.Environment.Clear();
                foreach (var (name, value) in environment)
                    start.Environment[name] = value;
                start.Environment[ChildEnvironment.ParentPid] = System.Environment.ProcessId.ToString();
            }
            start.UseShellExecute = false;
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.StandardInputEncoding = new UTF8Encoding(false);

            cancellationToken.ThrowIfCancellationRequested();
            var process = await ChildSpawner.StartAsync(start);
            return new SandboxSession(process, options, inputs, output, bwrap is null ? PlainProcess : Bubblewrapped,
                bwrap is null ? $"The model runs in a plain child process, not under bubblewrap: {problem}. It cannot reach secrets in the environment or working folder, but it can read the machine's files." : null);
        }
        catch
        {
            Directory.Delete(output, recursive: true);
            throw;
        }
    }

    /// <summary>Where an input appears inside the sandbox.</summary>
    public string PathOf(SandboxInput input) => Isolation == Bubblewrapped ? input.PathUnderBubblewrap : input.HostPath;

    /// <summary>
    /// Runs one operation and returns its result. Progress reports from the sandbox go to
    /// <paramref name="progress"/>. An error the sandbox reports becomes a <see cref="ScanFailureException"/>
    /// with its code; a crash, overrun or protocol violation kills the sandbox and becomes one with
    /// model-crashed, model-timeout, model-memory-limit or model-output-limit.
    /// </summary>
    public async Task<TResult> CallAsync<TResult>(string operation, object arguments, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        await _calls.WaitAsync(cancellationToken);
        Call call;
        try
        {
            lock (_gate)
            {
                if (_ended is not null)
                    throw _ended;
                call = new Call(++_nextId, operation, progress);
                _call = call;
            }
            var request = new SandboxRequest(call.Id, operation, JsonSerializer.SerializeToElement(arguments, arguments.GetType(), SandboxJson.Options));
            try
            {
                await _process.StandardInput.WriteLineAsync(SandboxJson.Serialize(request).AsMemory(), cancellationToken);
                await _process.StandardInput.FlushAsync(cancellationToken);
            }
            catch (IOException)
            {
                // The sandbox is gone; the reader reports why.
            }

            SandboxMessage answer;
            using (cancellationToken.Register(() => End(new ScanFailureException(ErrorCodes.Internal, "The scan was cancelled."), kill: true)))
            {
                try
                {
                    answer = await call.Answer.Task;
                }
                catch (ScanFailureException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            if (answer.Kind == MessageKinds.Error)
            {
                string code = answer.Code is { } c && SandboxFailures.KnownCodes.Contains(c) ? c : ErrorCodes.Internal;
                throw new ScanFailureException(code, ToHostPaths(SandboxFailures.Sanitize(answer.Message)));
            }
            if (answer.Result is not { } result)
                throw End(Violation($"the result of {operation} is empty."), kill: true);
            try
            {
                return SandboxJson.Deserialize<TResult>(result);
            }
            catch (JsonException)
            {
                throw End(Violation($"the result of {operation} is not a {typeof(TResult).Name}."), kill: true);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_call is { } current)
                    _busy += current.Clock.Elapsed;
                _call = null;
            }
            _calls.Release();
        }
    }

    /// <summary>Replaces the sandbox's paths of the inputs in a message with the parent's.</summary>
    public string ToHostPaths(string message)
    {
        if (Isolation != Bubblewrapped)
            return message;
        foreach (var input in _inputs.OrderByDescending(i => i.PathUnderBubblewrap.Length))
            message = message.Replace(input.PathUnderBubblewrap, input.HostPath, StringComparison.Ordinal);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        End(new ScanFailureException(ErrorCodes.Internal, "The sandbox was closed."), kill: false);
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_reader, _watchdog, _errorReader).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        _process.Dispose();
        _stop.Dispose();
        _calls.Dispose();
        try
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string> Environment(SandboxOptions options, string output)
    {
        long cpuSeconds = (long)Math.Ceiling(options.Timeout.TotalSeconds * options.Threads) + 60;
        return new Dictionary<string, string>
        {
            ["HOME"] = output,
            ["TMPDIR"] = output,
            ["LANG"] = "C.UTF-8",
            ["DOTNET_EnableDiagnostics"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_gcServer"] = "0",
            [ChildEnvironment.Threads] = options.Threads.ToString(),
            // Every thread of the sandbox (libtorch's intra-op pool is OpenMP) gets the same count, not just the one that set it.
            ["OMP_NUM_THREADS"] = options.Threads.ToString(),
            // libgomp reads this when it loads; spinning waits make PGD several times slower on shared cores (TorchRuntime).
            ["OMP_WAIT_POLICY"] = "PASSIVE",
            // glibc otherwise maps and unmaps every large tensor of every PGD step (and trims the heap after it): hundreds of
            // thousands of page faults per class, a bare forward + input gradient measured 6x slower here. Tensors up to 32 MiB
            // (glibc's ceiling) stay in the heap, which keeps its peak; the memory limit (RLIMIT_DATA) still counts all of it.
            ["MALLOC_MMAP_THRESHOLD_"] = "33554432",
            ["MALLOC_TRIM_THRESHOLD_"] = "4294967296",
            [ChildEnvironment.MemoryBytes] = options.MaxMemoryBytes.ToString(),
            [ChildEnvironment.CpuSeconds] = cpuSeconds.ToString(),
            [ChildEnvironment.OutputBytes] = options.MaxOutputBytes.ToString(),
        };
    }

    private async Task ReadMessagesAsync()
    {
        var stream = _process.StandardOutput.BaseStream;
        var reader = new BoundedLineReader(stream, MaxLineBytes);
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(_stop.Token);
                if (line is null)
                    break;
                if (line.Length == 0)
                    continue;
                SandboxMessage? message;
                try
                {
                    message = JsonSerializer.Deserialize<SandboxMessage>(line, SandboxJson.Options);
                }
                catch (JsonException)
                {
                    message = null;
                }
                Accept(message);
            }
        }
        catch (BoundedLineReader.LineTooLongException)
        {
            End(Violation("a protocol line is longer than the limit."), kill: true);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (IOException)
        {
        }

        await _process.WaitForExitAsync();
        await _errorReader.ContinueWith(_ => { });
        string operation;
        lock (_gate)
            operation = _call?.Operation ?? "nothing";
        End(SandboxFailures.Unexpected(_process.ExitCode, operation, _errors.Text), kill: false);
    }

    private void Accept(SandboxMessage? message)
    {
        Call? call;
        lock (_gate)
            call = _call;
        if (message is null || call is null || message.Id != call.Id)
        {
            End(Violation("it sent a message the parent did not ask for."), kill: true);
            return;
        }
        Interlocked.Exchange(ref call.LastMessageTicks, Stopwatch.GetTimestamp());
        switch (message.Kind)
        {
            case MessageKinds.Progress:
                if (double.IsFinite(message.Fraction))
                    call.Progress?.Report(Math.Clamp(message.Fraction, 0, 1));
                break;
            case MessageKinds.Result or MessageKinds.Error:
                call.Answer.TrySetResult(message);
                break;
            default:
                End(Violation("it sent a message of an unknown kind."), kill: true);
                break;
        }
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_process.HasExited)
                    return;
                Call? call;
                TimeSpan busy;
                lock (_gate)
                {
                    call = _call;
                    busy = _busy + (call?.Clock.Elapsed ?? TimeSpan.Zero);
                }
                if (call is not null)
                {
                    var silent = Stopwatch.GetElapsedTime(Interlocked.Read(ref call.LastMessageTicks));
                    if (silent > _options.StepTimeout)
                        End(new ScanFailureException(ErrorCodes.ModelTimeout,
                            $"The model made no progress for {_options.StepTimeout.TotalSeconds:F0} s while running {call.Operation} (a forward pass that never returns?); it was stopped."), kill: true);
                    else if (busy > _options.Timeout)
                        End(new ScanFailureException(ErrorCodes.ModelTimeout,
                            $"The model's work took longer than the {_options.Timeout.TotalMinutes:F0}-minute limit while running {call.Operation}; it was stopped."), kill: true);
                }
                if (ProcessTree.ResidentBytes(_process.Id) > _options.MaxMemoryBytes + CodeAllowance)
                    End(SandboxFailures.MemoryLimit(call?.Operation ?? "nothing"), kill: true);
                if (FolderBytes(OutputDirectory) > _options.MaxOutputBytes)
                    End(new ScanFailureException(ErrorCodes.ModelOutputLimit,
                        $"The model wrote more than {_options.MaxOutputBytes >> 20} MB into its sandbox's folder while running {call?.Operation ?? "nothing"}; it was stopped."), kill: true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Ends the session once with <paramref name="failure"/> (later causes are ignored) and fails the call in flight.</summary>
    private ScanFailureException End(ScanFailureException failure, bool kill)
    {
        Call? call;
        lock (_gate)
        {
            _ended ??= failure;
            failure = _ended;
            call = _call;
        }
        if (kill)
            Kill();
        call?.Answer.TrySetException(failure);
        return failure;
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private static ScanFailureException Violation(string what) =>
        new(ErrorCodes.ModelCrashed, $"The model's sandbox broke its protocol ({what}); it was stopped.");

    private static long FolderBytes(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
                .Sum(f => f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
