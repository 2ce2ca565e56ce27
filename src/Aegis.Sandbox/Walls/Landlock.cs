using System.Runtime.InteropServices;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// Landlock (Linux 5.13+): an unprivileged process restricts which files it and its future
/// children may open, and from ABI 4 which TCP ports they may bind or connect, from ABI 6 which
/// processes outside the domain they may signal or reach through abstract unix sockets. A
/// ruleset handles every right this code knows for the kernel's ABI (up to <see cref="KnownAbi"/>);
/// what it handles and no rule grants is refused. Restricting applies to the calling thread only
/// (this kernel has no flag for all threads), which is why <see cref="ConfinedLaunch"/> restricts
/// itself and then executes the sandbox program anew.
/// </summary>
internal static class Landlock
{
    public const int KnownAbi = 7;
    private const long CreateRulesetCall = 444, AddRuleCall = 445, RestrictSelfCall = 446;
    private const long CreateRulesetVersion = 1;
    private const int RulePathBeneath = 1;
    private const ulong NetBindTcp = 1, NetConnectTcp = 2;
    private const ulong ScopeAbstractUnixSocket = 1, ScopeSignal = 2;

    private static readonly Lazy<(int Abi, string? Problem)> Probe = new(RunProbe);

    /// <summary>The kernel's Landlock ABI version, 0 when it has none.</summary>
    public static int Abi => Probe.Value.Abi;

    /// <summary>Why Landlock cannot be used here; null when it can.</summary>
    public static string? Problem => Probe.Value.Problem;

    /// <summary>The ABI a ruleset uses here: the kernel's, or the newest this code knows.</summary>
    public static int UsableAbi => Math.Min(Abi, KnownAbi);

    [StructLayout(LayoutKind.Sequential)]
    private struct RulesetAttributes
    {
        public ulong HandledAccessFs;
        public ulong HandledAccessNet;
        public ulong Scoped;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct PathBeneathAttributes
    {
        public ulong AllowedAccess;
        public int ParentFd;
    }

    /// <summary>A ruleset being built; <see cref="RestrictSelf"/> puts the calling thread under it.</summary>
    public sealed class Ruleset : IDisposable
    {
        private readonly int _fd;

        public LandlockAccess Handled { get; }

        public Ruleset()
        {
            int abi = UsableAbi;
            if (abi < 1)
                throw new WallException($"Landlock is not available: {Problem}");
            Handled = HandledBy(abi);
            var attributes = new RulesetAttributes
            {
                HandledAccessFs = (ulong)Handled,
                HandledAccessNet = abi >= 4 ? NetBindTcp | NetConnectTcp : 0,
                Scoped = abi >= 6 ? ScopeAbstractUnixSocket | ScopeSignal : 0,
            };
            // The structure grew with the ABI; older kernels refuse a size they do not know.
            int size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
            unsafe
            {
                _fd = (int)NativeCalls.Syscall(CreateRulesetCall, (long)&attributes, size, 0);
            }
            if (_fd < 0)
                throw new WallException($"landlock_create_ruleset failed (errno {NativeCalls.LastError}).");
        }

        /// <summary>Grants <paramref name="access"/> to <paramref name="path"/> and, for a folder, everything beneath it.</summary>
        /// <returns>False when the path does not exist.</returns>
        public bool Allow(string path, LandlockAccess access)
        {
            int fd = NativeCalls.Open(path, NativeCalls.OpenPath | NativeCalls.CloseOnExec);
            if (fd < 0)
            {
                if (NativeCalls.LastError == NativeCalls.Enoent)
                    return false;
                throw new WallException($"{path} cannot be opened for a Landlock rule (errno {NativeCalls.LastError}).");
            }
            try
            {
                if (!Directory.Exists(path))
                    access &= LandlockAccess.OnFiles;
                var rule = new PathBeneathAttributes { AllowedAccess = (ulong)(access & Handled), ParentFd = fd };
                long result;
                unsafe
                {
                    result = NativeCalls.Syscall(AddRuleCall, _fd, RulePathBeneath, (long)&rule, 0);
                }
                if (result != 0)
                    throw new WallException($"landlock_add_rule for {path} failed (errno {NativeCalls.LastError}).");
                return true;
            }
            finally
            {
                NativeCalls.Close(fd);
            }
        }

        /// <summary>Puts the calling thread (and what it executes or starts later) under the ruleset; needs no_new_privs.</summary>
        public void RestrictSelf()
        {
            if (NativeCalls.Syscall(RestrictSelfCall, _fd, 0, 0) != 0)
                throw new WallException($"landlock_restrict_self failed (errno {NativeCalls.LastError}).");
        }

        public void Dispose() => NativeCalls.Close(_fd);
    }

    private static LandlockAccess HandledBy(int abi)
    {
        var access = (LandlockAccess)((1UL << 13) - 1);
        if (abi >= 2)
            access |= LandlockAccess.Refer;
        if (abi >= 3)
            access |= LandlockAccess.Truncate;
        if (abi >= 5)
            access |= LandlockAccess.IoctlDev;
        return access;
    }

    private static (int, string?) RunProbe()
    {
        if (!OperatingSystem.IsLinux())
            return (0, "Landlock exists only on Linux");
        long abi = NativeCalls.Syscall(CreateRulesetCall, 0, 0, CreateRulesetVersion);
        if (abi >= 1)
            return ((int)abi, null);
        return NativeCalls.LastError switch
        {
            38 => (0, "the kernel has no Landlock (Linux 5.13+ built with CONFIG_SECURITY_LANDLOCK), or a seccomp profile hides it"),
            1 => (0, "the container runtime's seccomp profile refuses Landlock's system calls"),
            95 => (0, "Landlock is built into the kernel but not enabled (add landlock to the lsm= boot parameter)"),
            var errno => (0, $"Landlock answered errno {errno}"),
        };
    }
}
