using System.Buffers.Binary;
using Aegis.Sandbox.Walls;
using static Aegis.Sandbox.Walls.X64Syscalls;

namespace Aegis.Sandbox.Tests;

/// <summary>
/// The seccomp program as the kernel runs it: a small classic-BPF interpreter evaluates the bytes
/// the sandbox installs on system calls with chosen arguments (the walls tests make the same calls for real).
/// </summary>
public sealed class SeccompPolicyTests
{
    private const uint Allow = 0x7FFF0000, KillProcess = 0x80000000, Eperm = 0x00050001, Enosys = 0x00050026;
    private const uint ArchX8664 = 0xC000003E, ArchI386 = 0x40000003;
    private const int OwnPid = 4242;

    private static readonly byte[] Sealed = SeccompPolicy.Build(OwnPid, forLaunch: false).ToBytes();
    private static readonly byte[] Launch = SeccompPolicy.Build(ownPid: null, forLaunch: true).ToBytes();

    [Theory]
    [InlineData(Read)]
    [InlineData(Openat)]
    [InlineData(Mmap)]
    [InlineData(Futex)]
    [InlineData(Membarrier)]
    [InlineData(Rseq)]
    [InlineData(ExitGroup)]
    public void WhatAScanNeedsIsAllowed(int call) => Assert.Equal(Allow, Run(Sealed, call));

    [Theory]
    [InlineData(Socket)]
    [InlineData(MemfdCreate)]
    [InlineData(Shmget)]
    [InlineData(Fork)]
    [InlineData(Vfork)]
    [InlineData(Execve)]
    [InlineData(Unshare)]
    [InlineData(Setns)]
    [InlineData(Ptrace)]
    [InlineData(SeccompCall)]
    [InlineData(88)] // symlink
    [InlineData(86)] // link
    [InlineData(165)] // mount
    [InlineData(321)] // bpf
    [InlineData(298)] // perf_event_open
    [InlineData(425)] // io_uring_setup
    [InlineData(250)] // keyctl
    [InlineData(323)] // userfaultfd
    [InlineData(90)] // chmod
    [InlineData(76)] // truncate (by path; ftruncate of an open file is allowed)
    [InlineData(160)] // setrlimit
    [InlineData(434)] // pidfd_open
    [InlineData(999)] // not yet a system call
    public void WhatNoScanNeedsFailsWithEperm(int call) => Assert.Equal(Eperm, Run(Sealed, call));

    [Fact]
    public void Clone3FailsWithEnosysSoGlibcFallsBackToClone() => Assert.Equal(Enosys, Run(Sealed, Clone3));

    [Fact]
    public void CloneMakesThreadsButNeitherProcessesNorNamespaces()
    {
        const uint thread = 0x003D0F00; // glibc's pthread_create: CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        Assert.Equal(Allow, Run(Sealed, Clone, [thread]));
        Assert.Equal(Eperm, Run(Sealed, Clone, [0x11])); // fork as glibc does it: SIGCHLD
        Assert.Equal(Eperm, Run(Sealed, Clone, [thread | 0x10000000])); // CLONE_NEWUSER
        Assert.Equal(Eperm, Run(Sealed, Clone, [thread | 0x20000000])); // CLONE_NEWPID
        Assert.Equal(Eperm, Run(Sealed, Clone, [thread | 0x00020000])); // CLONE_NEWNS
    }

    [Fact]
    public void SignalsLimitsAndSchedulingReachOnlyTheSandboxItself()
    {
        Assert.Equal(Allow, Run(Sealed, Kill, [(uint)OwnPid, 9]));
        Assert.Equal(Eperm, Run(Sealed, Kill, [1, 9]));
        Assert.Equal(Eperm, Run(Sealed, Kill, [0, 9])); // its process group
        Assert.Equal(Eperm, Run(Sealed, Kill, [uint.MaxValue, 9])); // -1: every process it may signal
        Assert.Equal(Allow, Run(Sealed, Tgkill, [(uint)OwnPid, 4243, 6]));
        Assert.Equal(Eperm, Run(Sealed, Tgkill, [1, 1, 6]));
        Assert.Equal(Allow, Run(Sealed, Prlimit64, [0]));
        Assert.Equal(Allow, Run(Sealed, Prlimit64, [(uint)OwnPid]));
        Assert.Equal(Eperm, Run(Sealed, Prlimit64, [1]));
        Assert.Equal(Allow, Run(Sealed, SchedSetaffinity, [0]));
        Assert.Equal(Eperm, Run(Sealed, SchedSetaffinity, [1]));
        Assert.Equal(Allow, Run(Sealed, SchedSetscheduler, [4250, 0])); // a thread back to SCHED_OTHER
        Assert.Equal(Eperm, Run(Sealed, SchedSetscheduler, [1, 5])); // another process to SCHED_IDLE
    }

    [Fact]
    public void PrctlOnlyNamesThreadsAndReads()
    {
        Assert.Equal(Allow, Run(Sealed, Prctl, [15])); // PR_SET_NAME
        Assert.Equal(Allow, Run(Sealed, Prctl, [0x53564D41])); // PR_SET_VMA
        Assert.Equal(Eperm, Run(Sealed, Prctl, [4])); // PR_SET_DUMPABLE
        Assert.Equal(Eperm, Run(Sealed, Prctl, [1])); // PR_SET_PDEATHSIG
        Assert.Equal(Eperm, Run(Sealed, Prctl, [0x59616d61])); // PR_SET_PTRACER
    }

    [Fact]
    public void OtherAbisKillTheProcess()
    {
        Assert.Equal(KillProcess, Run(Sealed, Read, arch: ArchI386));
        Assert.Equal(KillProcess, Run(Sealed, (int)(X32Bit | Read)));
    }

    [Fact]
    public void TheLaunchFilterLetsBubblewrapStartTheProgramAndTheProgramSetItsLimits()
    {
        Assert.Equal(Allow, Run(Launch, Execve));
        Assert.Equal(Allow, Run(Launch, SeccompCall));
        Assert.Equal(Allow, Run(Launch, Prctl, [38])); // PR_SET_NO_NEW_PRIVS
        Assert.Equal(Allow, Run(Launch, Prctl, [4])); // PR_SET_DUMPABLE
        Assert.Equal(Allow, Run(Launch, Kill, [1, 9])); // its PID namespace holds nothing else
        Assert.Equal(Eperm, Run(Launch, Socket));
        Assert.Equal(Eperm, Run(Launch, Clone, [0x11]));
    }

    /// <summary>Runs the program on one system call as seccomp does and returns its action.</summary>
    private static uint Run(byte[] program, int call, uint[]? arguments = null, uint arch = ArchX8664)
    {
        arguments ??= [];
        var data = new byte[64];
        BinaryPrimitives.WriteInt32LittleEndian(data, call);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        for (int i = 0; i < arguments.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16 + 8 * i), arguments[i]);

        uint accumulator = 0;
        for (int pc = 0; pc < program.Length / 8; pc++)
        {
            var instruction = program.AsSpan(pc * 8, 8);
            ushort code = BinaryPrimitives.ReadUInt16LittleEndian(instruction);
            byte jumpTrue = instruction[2], jumpFalse = instruction[3];
            uint k = BinaryPrimitives.ReadUInt32LittleEndian(instruction[4..]);
            switch (code)
            {
                case 0x20: accumulator = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k)); break;
                case 0x54: accumulator &= k; break;
                case 0x15: pc += accumulator == k ? jumpTrue : jumpFalse; break;
                case 0x35: pc += accumulator >= k ? jumpTrue : jumpFalse; break;
                case 0x06: return k;
                default: throw new InvalidOperationException($"Unexpected BPF instruction {code:X4} at {pc}.");
            }
        }
        throw new InvalidOperationException("The program ran off its end.");
    }
}
