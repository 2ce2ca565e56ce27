using System.Runtime.InteropServices;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// Drops every capability of the calling thread for good: the bounding set (so executing a program
/// as root does not hand them back), the ambient set, and the effective, permitted and inheritable
/// sets. A worker container often runs as root with a dozen capabilities (chown, kill, net_raw…);
/// the sandbox keeps none of them.
/// </summary>
internal static partial class Capabilities
{
    private const int PrCapbsetRead = 23, PrCapbsetDrop = 24, PrCapAmbient = 47, PrCapAmbientClearAll = 4;
    private const int CapSetpcap = 8, Einval = 22;
    private const uint Version3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective, Permitted, Inheritable;
    }

    public static void DropAll()
    {
        var sets = Read();
        bool mayDropBounding = (sets[0].Effective & (1u << CapSetpcap)) != 0;
        for (int cap = 0; cap < 64; cap++)
        {
            int present = NativeCalls.Prctl(PrCapbsetRead, (ulong)cap, 0, 0, 0);
            if (present < 0 && NativeCalls.LastError == Einval)
                break; // past the kernel's last capability
            if (present != 1)
                continue;
            if (!mayDropBounding)
            {
                // Only root regains the bounding set on execve; anyone else gains nothing under no_new_privs.
                if (GetEffectiveUserId() == 0)
                    throw new WallException("the sandbox runs as root without CAP_SETPCAP, so it cannot give up its capabilities.");
                break;
            }
            if (NativeCalls.Prctl(PrCapbsetDrop, (ulong)cap, 0, 0, 0) != 0)
                throw new WallException($"capability {cap} could not be dropped from the bounding set (errno {NativeCalls.LastError}).");
        }
        if (NativeCalls.Prctl(PrCapAmbient, PrCapAmbientClearAll, 0, 0, 0) != 0 && NativeCalls.LastError != Einval)
            throw new WallException($"the ambient capabilities could not be cleared (errno {NativeCalls.LastError}).");
        var header = new Header { Version = Version3 };
        var none = new Data[2];
        if (CapSet(ref header, none) != 0)
            throw new WallException($"capset failed (errno {NativeCalls.LastError}).");
    }

    private static Data[] Read()
    {
        var header = new Header { Version = Version3 };
        var sets = new Data[2];
        if (CapGet(ref header, sets) != 0)
            throw new WallException($"capget failed (errno {NativeCalls.LastError}).");
        return sets;
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(ref Header header, [Out] Data[] data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(ref Header header, [In] Data[] data);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
