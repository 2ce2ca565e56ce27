using System.Runtime.InteropServices;
using System.Text;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// The first stage of a confined sandbox: on the main thread, before anything of the model is
/// read, it drops every capability, sets no_new_privs, leaves the parent's session and process
/// group, restricts itself with Landlock (<see cref="ConfinedRules"/>) and then executes the same
/// command again. Landlock restricts only the thread that asks, but a new program image starts
/// with that one thread, so every thread the runtime, libtorch and OpenMP make in the second
/// stage inherits the domain; the second stage then adds the seccomp filter for all of them.
/// </summary>
internal static partial class ConfinedLaunch
{
    private const int PrSetNoNewPrivs = 38;
    private const uint CloseRangeCloexec = 4;

    /// <summary>Restricts this thread and replaces the process with the second stage; returns only by throwing.</summary>
    public static void Run(IReadOnlyList<string> inputs, string output, string stageMarker)
    {
        // Read before the domain applies: the command line to run again, and the environment to pass on.
        var arguments = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).TrimEnd('\0').Split('\0');
        string executable = Environment.ProcessPath ?? throw new WallException("The sandbox does not know its own executable.");
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").Append(stageMarker).ToArray();

        using (var ruleset = new Landlock.Ruleset())
        {
            ConfinedRules.AddTo(ruleset, inputs, output);
            Capabilities.DropAll();
            if (NativeCalls.Prctl(PrSetNoNewPrivs, 1, 0, 0, 0) != 0)
                throw new WallException($"PR_SET_NO_NEW_PRIVS failed (errno {NativeCalls.LastError}).");
            // Its own session: kill(0, …) and the parent's terminal are out of reach (EPERM: already a group leader).
            if (NativeCalls.SetSid() < 0 && NativeCalls.LastError != 1)
                throw new WallException($"setsid failed (errno {NativeCalls.LastError}).");
            ruleset.RestrictSelf();
        }
        // Nothing this process holds open goes to the second stage but the pipes and the /proc entries below.
        if (CloseRange(3, uint.MaxValue, CloseRangeCloexec) != 0)
            throw new WallException($"close_range failed (errno {NativeCalls.LastError}).");
        PinProcEntries();
        Execute(executable, arguments, environment);
    }

    /// <summary>
    /// Keeps this process's /proc entries alive across the execve: procfs makes a new inode when
    /// an evicted entry is looked up again, and a Landlock rule belongs to the inode it was made
    /// on. An open descriptor keeps the entry, so the rules keep matching under memory pressure.
    /// </summary>
    private static void PinProcEntries()
    {
        foreach (var entry in ConfinedRules.ProcFiles.Prepend($"/proc/{Environment.ProcessId}"))
        {
            if (NativeCalls.Open(entry, NativeCalls.OpenPath) < 0 && NativeCalls.LastError != NativeCalls.Enoent)
                throw new WallException($"{entry} could not be kept open (errno {NativeCalls.LastError}).");
        }
    }

    private static void Execute(string executable, string[] arguments, string[] environment)
    {
        var argv = ToNative(arguments);
        var envp = ToNative(environment);
        try
        {
            ExecVe(executable, argv, envp);
            throw new WallException($"execve of {executable} failed (errno {NativeCalls.LastError}).");
        }
        finally
        {
            foreach (var pointer in argv.Concat(envp).Where(p => p != 0))
                Marshal.FreeCoTaskMem(pointer);
        }
    }

    /// <summary>A NULL-terminated array of UTF-8 strings, as execve reads argv and envp.</summary>
    private static nint[] ToNative(string[] values) => [.. values.Select(Marshal.StringToCoTaskMemUTF8), 0];

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ExecVe(string path, nint[] argv, nint[] envp);

    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    private static partial int CloseRange(uint first, uint last, uint flags);
}
