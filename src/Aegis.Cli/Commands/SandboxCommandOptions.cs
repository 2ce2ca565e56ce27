using System.CommandLine;
using Aegis.Sandbox;

namespace Aegis.Cli.Commands;

/// <summary>The model sandbox's device and limits as command-line options, for `scan`, `bench`, `worker` and `serve`.</summary>
public sealed class SandboxCommandOptions
{
    private static readonly SandboxOptions Defaults = new();

    public Option<string> Device { get; } = new("--device")
    {
        Description = "Where the model runs: auto (CUDA when this build and machine have it, else the CPU), cpu or cuda.",
        DefaultValueFactory = _ => Defaults.Device,
    };
    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Minutes the model's sandbox may work in all before it is stopped (model-timeout).",
        DefaultValueFactory = _ => Defaults.Timeout.TotalMinutes,
    };
    public Option<double> StepTimeout { get; } = new("--step-timeout")
    {
        Description = "Seconds the model may go without finishing a step (a batch) before it is stopped as hung (model-timeout).",
        DefaultValueFactory = _ => Defaults.StepTimeout.TotalSeconds,
    };
    public Option<double> MaxMemory { get; } = new("--max-memory")
    {
        Description = "GiB of memory the model's sandbox may allocate; beyond it the model is stopped (model-memory-limit).",
        DefaultValueFactory = _ => Defaults.MaxMemoryBytes / (double)(1L << 30),
    };
    public Option<string> Isolation { get; } = new("--isolation")
    {
        Description = "How the model's sandbox is walled off (the verdict's model.containment records which walls held): "
            + "auto (bubblewrap when it can start here, else confined; when neither can, the scan fails with sandbox-unavailable), "
            + "bubblewrap (own namespaces, no network, a read-only view of inputs and libraries, plus a seccomp allow-list), "
            + "confined (Landlock: reads only inputs and libraries, writes only its folder, no TCP; plus the seccomp allow-list; "
            + "for containers that refuse user namespaces), or trusted-process (no walls: a plain child process with your rights, "
            + "only for models you trust).",
        DefaultValueFactory = _ => IsolationNames.Of(Defaults.Isolation),
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Device, Timeout, StepTimeout, MaxMemory, Isolation })
            command.Options.Add(option);
        Device.AcceptOnlyFromAmong([.. Devices.All]);
        Isolation.AcceptOnlyFromAmong([.. IsolationNames.All]);
    }

    /// <summary>The options, or null after printing each problem to standard error (the caller exits with the usage code).</summary>
    public SandboxOptions? ReadValid(ParseResult parse)
    {
        var options = new SandboxOptions
        {
            Device = parse.GetValue(Device)!,
            Timeout = TimeSpan.FromMinutes(Positive(parse.GetValue(Timeout))),
            StepTimeout = TimeSpan.FromSeconds(Positive(parse.GetValue(StepTimeout))),
            MaxMemoryBytes = (long)(Positive(parse.GetValue(MaxMemory)) * (1L << 30)),
            Isolation = IsolationNames.Parse(parse.GetValue(Isolation)!),
        };
        var problems = options.Validate();
        foreach (var problem in problems)
            Console.Error.WriteLine($"error: {problem}");
        return problems.Count == 0 ? options : null;
    }

    /// <summary>Out-of-range values become 0, which <see cref="SandboxOptions.Validate"/> reports.</summary>
    private static double Positive(double value) => double.IsFinite(value) && value > 0 && value < 1e6 ? value : 0;
}
