namespace Aegis.Sandbox.Walls;

/// <summary>Landlock's file-system rights (include/uapi/linux/landlock.h), with the ABI that introduced each.</summary>
[Flags]
internal enum LandlockAccess : ulong
{
    None = 0,
    Execute = 1 << 0,
    WriteFile = 1 << 1,
    ReadFile = 1 << 2,
    ReadDir = 1 << 3,
    RemoveDir = 1 << 4,
    RemoveFile = 1 << 5,
    MakeChar = 1 << 6,
    MakeDir = 1 << 7,
    MakeReg = 1 << 8,
    MakeSock = 1 << 9,
    MakeFifo = 1 << 10,
    MakeBlock = 1 << 11,
    MakeSym = 1 << 12,
    /// <summary>ABI 2: link or rename across folders.</summary>
    Refer = 1 << 13,
    /// <summary>ABI 3: truncate.</summary>
    Truncate = 1 << 14,
    /// <summary>ABI 5: ioctl on a device.</summary>
    IoctlDev = 1 << 15,

    /// <summary>The rights a rule on a file (not a folder) may grant.</summary>
    OnFiles = Execute | WriteFile | ReadFile | Truncate | IoctlDev,
    Read = ReadFile | ReadDir,
}
