using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Aegis.Sandbox.Protocol;
using Aegis.Core.Verdicts;
using Aegis.Sandbox.Walls;

namespace Aegis.Sandbox;

/// <summary>
/// One sandbox: a child process (Aegis.Sandbox.Child) that holds one untrusted model and runs
/// operations on it, one at a time, over JSON lines on its standard input and output, behind the
/// walls of its isolation (<see cref="IsolationPlan"/>, raised by Walls.SandboxWalls before the
/// model is read). The parent side enforces the limits the child cannot be trusted with, each on
/// its own timer so that no watch can hold up another: time (a wall-clock budget and a longest
/// silence per step), resident memory, and output size (counted without following links). On
/// any overrun, crash or protocol violation the child is killed and the call fails with its own
/// error code, in the scanner's words, while the caller carries on. Disposing closes the child's
/// input (it exits), kills it if it lingers and deletes its output folder.
/// </summary>
public sealed class SandboxSession : IAsyncDisposable
{
    /// <summary>Longest protocol line accepted; results are small JSON (arrays go through files).</summary>
    private const int MaxLineBytes = 1 << 20;
    /// <summary>Resident memory allowed above the heap limit for the code the runtime and libtorch map (about 0.3 GB measured).</summary>
    private const long CodeAllowance = 1L << 30;
    private static readonly TimeSpan TimeWatchInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MemoryWatchInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan OutputWatchInterval = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly SandboxOptions _options;
    private readonly IsolationPlan _plan;
    private readonly SemaphoreSlim _calls = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ErrorTail _errors;
    private readonly Task _reader, _errorReader;
    private readonly Task[] _watches;
    private readonly Lock _gate = new();
    private Call? _call;
    private ScanFailureException? _ended;
    private long _nextId;
    private TimeSpan _busy;
    /// <summary>Set by the first message: the sandbox reached its protocol, so its walls held.</summary>
    private volatile bool _spoke;

    private sealed class Call(long id, string operation, IProgress<double>? progress)
    {
        public long Id { get; } = id;
        public string Operation { get; } = operation;
        public IProgress<double>? Progress { get; } = progress;
        public TaskCompletionSource<SandboxMessage> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public long LastMessageTicks = Stopwatch.GetTimestamp();
    }

    private SandboxSession(Process process, SandboxOptions options, IsolationPlan plan, string outputDirectory)
    {
        _process = process;
        _options = options;
        _plan = plan;
        OutputDirectory = outputDirectory;
        _errors = new ErrorTail(options.ShowSandboxErrors);
        _reader = Task.Run(ReadMessagesAsync);
        _errorReader = Task.Run(() => _errors.DrainAsync(_process.StandardError.BaseStream));
        _watches =
        [
            Task.Run(() => WatchAsync(TimeWatchInterval, CheckTime)),
            Task.Run(() => WatchAsync(MemoryWatchInterval, CheckMemory)),
            Task.Run(() => WatchAsync(OutputWatchInterval, CheckOutput)),
        ];
    }

    /// <summary>The isolation the model runs under: one of <see cref="IsolationNames"/> (never auto).</summary>
    public string Isolation => _plan.Name;
    /// <summary>What the isolation means for a hostile model, for the verdict.</summary>
    public string IsolationNote => _plan.Note;
    /// <summary>The walls that held before the model was read: "bubblewrap", "landlock", "seccomp"; none for a trusted process.</summary>
    public IReadOnlyList<string> Walls => _plan.Walls;
    /// <summary>The Landlock ABI of a confined sandbox's rules.</summary>
    public int? LandlockAbi => _plan.LandlockAbi;
    /// <summary>The sandbox's private writable folder, as the parent sees it.</summary>
    public string OutputDirectory { get; }

    public static Task<SandboxSession> StartAsync(IReadOnlyList<SandboxInput> inputs, SandboxOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(inputs, options, SandboxRuntime.Locate(), cancellationToken);

    /// <summary>Starts <paramref name="runtime"/>'s program (the sandbox program, or in tests another program that raises the same walls).</summary>
    internal static async Task<SandboxSession> StartAsync(IReadOnlyList<SandboxInput> inputs, SandboxOptions options, SandboxRuntime runtime,
        CancellationToken cancellationToken)
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

        var plan = IsolationPlan.Choose(options.Isolation);
        string output = Path.Combine(Path.GetTempPath(), "aegis-sandbox", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SeccompFile? launchFilter = null;
        try
        {
            var environment = Environment(options, plan.UsesBubblewrap ? Bubblewrap.OutputInside : output);
            environment[ChildEnvironment.Walls] = plan.Name;
            ProcessStartInfo start;
            if (plan.UsesBubblewrap)
            {
                launchFilter = new SeccompFile(SeccompPolicy.Build(ownPid: null, forLaunch: true));
                start = new ProcessStartInfo(Bubblewrap.Usable.Path!);
                foreach (var arg in Bubblewrap.Arguments(runtime, inputs, output, environment, launchFilter.Fd))
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
                start.Environment[ChildEnvironment.Inputs] = JsonSerializer.Serialize(inputs.Select(i => i.HostPath));
            }
            start.UseShellExecute = false;
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.StandardInputEncoding = new UTF8Encoding(false);

            cancellationToken.ThrowIfCancellationRequested();
            var process = await ChildSpawner.StartAsync(start, launchFilter?.Fd);
            return new SandboxSession(process, options, plan, output);
        }
        catch
        {
            Directory.Delete(output, recursive: true);
            throw;
        }
        finally
        {
            launchFilter?.Dispose();
        }
    }

    /// <summary>Where an input appears inside the sandbox.</summary>
    public string PathOf(SandboxInput input) => _plan.UsesBubblewrap ? input.PathUnderBubblewrap : input.HostPath;

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
                throw SandboxFailures.Reported(code, operation);
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
        await Task.WhenAll([_reader, _errorReader, .. _watches]).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
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
            // No W^X double mapping: the runtime would keep its JIT code in a memfd, memory outside the resident set the
            // watch reads, and the seccomp policy refuses memfd_create. Without it the JIT also writes code faster.
            ["DOTNET_EnableWriteXorExecute"] = "0",
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
        // Only before its first message: afterwards the model may have run, and an exit code is the model's to choose.
        End(!_spoke && _process.ExitCode == SandboxWalls.FailedExitCode
            ? SandboxFailures.WallsFailed(_plan.Name)
            : SandboxFailures.Unexpected(_process.ExitCode, operation, _errors.Text), kill: false);
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
        _spoke = true;
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

    /// <summary>Runs one watch every <paramref name="interval"/> until the session ends or the watch finds an overrun.</summary>
    private async Task WatchAsync(TimeSpan interval, Func<string, ScanFailureException?> check)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_process.HasExited)
                    return;
                string operation;
                lock (_gate)
                    operation = _call?.Operation ?? "nothing";
                if (check(operation) is { } failure)
                {
                    End(failure, kill: true);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ScanFailureException? CheckTime(string operation)
    {
        Call? call;
        TimeSpan busy;
        lock (_gate)
        {
            call = _call;
            busy = _busy + (call?.Clock.Elapsed ?? TimeSpan.Zero);
        }
        if (call is null)
            return null;
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref call.LastMessageTicks)) > _options.StepTimeout)
            return new ScanFailureException(ErrorCodes.ModelTimeout,
                $"The model made no progress for {_options.StepTimeout.TotalSeconds:F0} s while running {operation} (a forward pass that never returns?); it was stopped.");
        if (busy > _options.Timeout)
            return new ScanFailureException(ErrorCodes.ModelTimeout,
                $"The model's work took longer than the {_options.Timeout.TotalMinutes:F0}-minute limit while running {operation}; it was stopped.");
        return null;
    }

    private ScanFailureException? CheckMemory(string operation) => ProcessTree.ResidentBytes(_process.Id) switch
    {
        null => Violation($"it started more than {ProcessTree.MaxProcesses} processes or {ProcessTree.MaxThreads} threads in one, while running {operation}"),
        var resident when resident > _options.MaxMemoryBytes + CodeAllowance => SandboxFailures.MemoryLimit(operation),
        _ => null,
    };

    private ScanFailureException? CheckOutput(string operation)
    {
        var usage = OutputFolder.Measure(OutputDirectory);
        if (usage.Violation is { } violation)
            return Violation($"{violation}, while running {operation}");
        if (usage.Bytes > _options.MaxOutputBytes)
            return new ScanFailureException(ErrorCodes.ModelOutputLimit,
                $"The model wrote more than {_options.MaxOutputBytes >> 20} MB into its sandbox's folder while running {operation}; it was stopped.");
        return null;
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
}
