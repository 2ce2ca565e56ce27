using static Aegis.Sandbox.Walls.X64Syscalls;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// The system calls a sandbox may make: what the .NET runtime, glibc, libtorch and OpenMP make
/// during a scan (traced with strace over AEGIS and Neural Cleanse scans of the fixtures) plus
/// their harmless neighbours. Everything else fails with EPERM, among it: sockets (the protocol
/// is the two pipes the sandbox was started with), memfd_create, System V and POSIX shared
/// memory, new processes (fork, vfork, clone without CLONE_THREAD, execve, execveat),
/// namespaces (unshare, setns, clone with a CLONE_NEW* flag), ptrace and process_vm_*, pidfds,
/// link and symlink, rename, mkdir, mknod, chmod, chown, extended attributes and timestamps,
/// mount and the new mount API, bpf, perf_event_open, io_uring, keyctl, userfaultfd, setrlimit.
/// clone3 fails with ENOSYS, so glibc falls back to clone, whose flags a filter can read.
/// </summary>
internal static class SeccompPolicy
{
    private const uint CloneThread = 0x00010000;
    /// <summary>CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.</summary>
    private const uint CloneNamespaces = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
    private const uint SchedOther = 0;
    private const int MapShadowStack = 453, Mseal = 462;

    /// <summary>prctl options the runtime uses (thread and mapping names) and ones that only read.</summary>
    private static readonly uint[] PrctlOptions =
    [
        2, // PR_GET_PDEATHSIG
        3, // PR_GET_DUMPABLE
        15, // PR_SET_NAME
        16, // PR_GET_NAME
        21, // PR_GET_SECCOMP
        23, // PR_CAPBSET_READ
        30, // PR_GET_TIMERSLACK
        39, // PR_GET_NO_NEW_PRIVS
        42, // PR_GET_THP_DISABLE
        0x53564D41, // PR_SET_VMA (glibc names its anonymous mappings)
    ];

    /// <summary>What the sandbox program does to itself before its own filter: PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS.</summary>
    private static readonly uint[] LaunchPrctlOptions = [1, 4, 38];

    /// <param name="ownPid">
    /// The sandbox's process id as it sees itself: signals, resource limits and scheduling then
    /// reach only itself. Null under bubblewrap's launch filter, where the process id is not yet
    /// known and the PID namespace holds nothing else.
    /// </param>
    /// <param name="forLaunch">
    /// For bubblewrap's launch filter, in force from bubblewrap's execve of the sandbox program
    /// until the program adds its own: it must also let bubblewrap execute the program and let the
    /// program set its limits (prctl PR_SET_NO_NEW_PRIVS, PR_SET_DUMPABLE, PR_SET_PDEATHSIG) and
    /// install that stricter filter, which then refuses all of these.
    /// </param>
    public static SeccompProgram Build(int? ownPid, bool forLaunch)
    {
        var program = new SeccompProgram()
            // Files and memory (the file system wall decides which paths).
            .Allow(Read, Write, Open, Openat, Close, CloseRange, Stat, Fstat, Lstat, Newfstatat, Statx, Statfs, Fstatfs, Lseek,
                Pread64, Pwrite64, Readv, Writev, Preadv, Pwritev, Preadv2, Pwritev2, Access, Faccessat, Faccessat2, Readlink,
                Readlinkat, Getdents, Getdents64, Getcwd, Chdir, Fchdir, Umask, Fcntl, Flock, Fsync, Fdatasync, Ftruncate,
                Readahead, Fadvise64, Unlink, Unlinkat, Ioctl, Dup, Dup2, Dup3, Pipe, Pipe2)
            .Allow(Mmap, Mprotect, Munmap, Mremap, Msync, Mincore, Madvise, Brk, GetMempolicy, Membarrier, MapShadowStack, Mseal)
            // Threads, waiting and time.
            .Allow(Futex, FutexWaitv, FutexWake, FutexWait, FutexRequeue, SetRobustList, GetRobustList, SetTidAddress, Rseq,
                ArchPrctl, Gettid, SchedYield, SchedGetaffinity, SchedGetparam, SchedGetscheduler, SchedGetattr,
                SchedGetPriorityMax, SchedGetPriorityMin, SchedRrGetInterval, Getcpu, Getpriority)
            .Allow(Poll, Ppoll, Select, Pselect6, EpollCreate, EpollCreate1, EpollCtl, EpollWait, EpollPwait, EpollPwait2,
                Eventfd, Eventfd2, TimerfdCreate, TimerfdSettime, TimerfdGettime, Pause, Nanosleep, ClockNanosleep,
                ClockGettime, ClockGetres, Gettimeofday, Time, Getitimer, Setitimer, Alarm, TimerCreate, TimerSettime,
                TimerGettime, TimerGetoverrun, TimerDelete)
            // Signals to itself, identity, limits (read), exit.
            .Allow(RtSigaction, RtSigprocmask, RtSigreturn, RtSigpending, RtSigtimedwait, RtSigsuspend, Sigaltstack, RestartSyscall)
            .Allow(Getpid, Getppid, Getuid, Geteuid, Getgid, Getegid, Getgroups, Getresuid, Getresgid, Getpgrp, Getpgid, Getsid,
                Capget, Uname, Sysinfo, Getrandom, Getrlimit, Getrusage, Times, Wait4, Waitid, Exit, ExitGroup)
            // glibc makes threads with clone3 when the kernel has it and falls back to clone on ENOSYS.
            .Fail(Clone3, SeccompProgram.Enosys)
            .AllowWhen(Clone, [new ArgumentCondition(0, CloneThread | CloneNamespaces, CloneThread)])
            .AllowWhen(Prctl, [.. PrctlOptions.Concat(forLaunch ? LaunchPrctlOptions : []).Select(option => new[] { ArgumentCondition.Is(0, option) })])
            // Thread scheduling: the runtime resets its threads to SCHED_OTHER by thread id; anything else only for itself.
            .AllowWhen(SchedSetscheduler, [.. Self(ownPid, 0), [ArgumentCondition.Is(1, SchedOther)]]);
        foreach (var call in new[] { SchedSetaffinity, SchedSetparam, Prlimit64 })
            program.AllowWhen(call, Self(ownPid, 0));
        // kill(0, …) and kill(-1, …) would reach the process group or every process of the user.
        foreach (var call in new[] { Kill, Tgkill, RtSigqueueinfo, RtTgsigqueueinfo })
            program.AllowWhen(call, ownPid is int pid ? [[ArgumentCondition.Is(0, (uint)pid)]] : [[]]);
        if (forLaunch)
            program.Allow(Execve, SeccompCall);
        return program;
    }

    /// <summary>Argument <paramref name="argument"/> is 0 (the caller) or the sandbox's own process id; anything when that id is unknown.</summary>
    private static ArgumentCondition[][] Self(int? ownPid, int argument) => ownPid is int pid
        ? [[ArgumentCondition.Is(argument, 0)], [ArgumentCondition.Is(argument, (uint)pid)]]
        : [[]];
}
