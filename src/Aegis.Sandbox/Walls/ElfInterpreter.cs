using System.Buffers.Binary;
using System.Text;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// The program interpreter (PT_INTERP, the dynamic loader) an ELF executable names: the kernel
/// opens it for execution too, so Landlock must let the sandbox execute it as well as the dotnet host.
/// </summary>
internal static class ElfInterpreter
{
    private const uint ProgramInterpreter = 3;

    /// <returns>The loader's path, or null for a static executable.</returns>
    public static string? Of(string executable)
    {
        using var file = File.OpenRead(executable);
        Span<byte> header = stackalloc byte[64];
        file.ReadExactly(header);
        // 64-bit little-endian ELF only: the sandbox's walls exist for x86_64.
        if (!header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
            throw new WallException($"{executable} is not a 64-bit little-endian ELF executable.");
        long tableOffset = BinaryPrimitives.ReadInt64LittleEndian(header[0x20..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        if (entrySize < 56 || entries > 256)
            throw new WallException($"{executable} has an unexpected ELF program header table.");
        var entry = new byte[entrySize];
        for (int i = 0; i < entries; i++)
        {
            file.Position = tableOffset + (long)i * entrySize;
            file.ReadExactly(entry);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) != ProgramInterpreter)
                continue;
            long offset = BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(8));
            long size = BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(32));
            if (size is < 2 or > 4096)
                throw new WallException($"{executable} names an interpreter of unexpected length.");
            var name = new byte[size];
            file.Position = offset;
            file.ReadExactly(name);
            return Encoding.UTF8.GetString(name).TrimEnd('\0');
        }
        return null;
    }
}
