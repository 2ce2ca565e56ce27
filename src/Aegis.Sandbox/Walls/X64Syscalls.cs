namespace Aegis.Sandbox.Walls;

/// <summary>
/// System call numbers of Linux on x86_64 (arch/x86/entry/syscalls/syscall_64.tbl) that the
/// sandbox's seccomp policy names. Only x86_64: the numbers differ on every architecture, and
/// the filter refuses the other ABIs an x86_64 process can reach (x32, and i386 through int 0x80).
/// </summary>
internal static class X64Syscalls
{
    public const int Read = 0, Write = 1, Open = 2, Close = 3, Stat = 4, Fstat = 5, Lstat = 6, Poll = 7, Lseek = 8, Mmap = 9;
    public const int Mprotect = 10, Munmap = 11, Brk = 12, RtSigaction = 13, RtSigprocmask = 14, RtSigreturn = 15, Ioctl = 16;
    public const int Pread64 = 17, Pwrite64 = 18, Readv = 19, Writev = 20, Access = 21, Pipe = 22, Select = 23, SchedYield = 24;
    public const int Mremap = 25, Msync = 26, Mincore = 27, Madvise = 28, Shmget = 29, Shmat = 30, Shmctl = 31, Dup = 32, Dup2 = 33;
    public const int Pause = 34, Nanosleep = 35, Getitimer = 36, Alarm = 37, Setitimer = 38, Getpid = 39, Socket = 41;
    public const int Clone = 56, Fork = 57, Vfork = 58, Execve = 59, Exit = 60, Wait4 = 61, Kill = 62, Uname = 63, Shmdt = 67;
    public const int Fcntl = 72, Flock = 73, Fsync = 74, Fdatasync = 75, Ftruncate = 77, Getdents = 78, Getcwd = 79;
    public const int Chdir = 80, Fchdir = 81, Unlink = 87, Readlink = 89, Umask = 95, Gettimeofday = 96, Getrlimit = 97;
    public const int Getrusage = 98, Sysinfo = 99, Times = 100, Ptrace = 101, Getuid = 102, Getgid = 104, Geteuid = 107;
    public const int Getegid = 108, Getppid = 110, Getpgrp = 111, Setsid = 112, Getgroups = 115, Getresuid = 118, Getresgid = 120;
    public const int Getpgid = 121, Getsid = 124, Capget = 125, RtSigpending = 127, RtSigtimedwait = 128, RtSigqueueinfo = 129;
    public const int RtSigsuspend = 130, Sigaltstack = 131, Statfs = 137, Fstatfs = 138, Getpriority = 140;
    public const int SchedSetparam = 142, SchedGetparam = 143, SchedSetscheduler = 144, SchedGetscheduler = 145;
    public const int SchedGetPriorityMax = 146, SchedGetPriorityMin = 147, SchedRrGetInterval = 148, Prctl = 157, ArchPrctl = 158;
    public const int Gettid = 186, Readahead = 187, Time = 201, Futex = 202, SchedSetaffinity = 203, SchedGetaffinity = 204;
    public const int EpollCreate = 213, Getdents64 = 217, SetTidAddress = 218, RestartSyscall = 219, Fadvise64 = 221;
    public const int TimerCreate = 222, TimerSettime = 223, TimerGettime = 224, TimerGetoverrun = 225, TimerDelete = 226;
    public const int ClockGettime = 228, ClockGetres = 229, ClockNanosleep = 230, ExitGroup = 231, EpollWait = 232, EpollCtl = 233;
    public const int Tgkill = 234, GetMempolicy = 239, Waitid = 247, Openat = 257, Newfstatat = 262, Unlinkat = 263;
    public const int Readlinkat = 267, Faccessat = 269, Pselect6 = 270, Ppoll = 271, Unshare = 272, SetRobustList = 273;
    public const int GetRobustList = 274, EpollPwait = 281, TimerfdCreate = 283, Eventfd = 284, TimerfdSettime = 286;
    public const int TimerfdGettime = 287, Eventfd2 = 290, EpollCreate1 = 291, Dup3 = 292, Pipe2 = 293, Preadv = 295, Pwritev = 296;
    public const int RtTgsigqueueinfo = 297, Prlimit64 = 302, Setns = 308, Getcpu = 309, SchedGetattr = 315, Getrandom = 318;
    public const int SeccompCall = 317, MemfdCreate = 319, Membarrier = 324, Preadv2 = 327, Pwritev2 = 328, Statx = 332, Rseq = 334;
    public const int Clone3 = 435, CloseRange = 436, Faccessat2 = 439, EpollPwait2 = 441, FutexWaitv = 449;
    public const int FutexWake = 454, FutexWait = 455, FutexRequeue = 456;

    /// <summary>Set in the number of an x32 call (the 32-bit-pointer ABI of x86_64 kernels).</summary>
    public const uint X32Bit = 0x40000000;
}
