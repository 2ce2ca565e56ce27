using System.Buffers.Binary;
using System.Text;

namespace Aegis.Testing;

/// <summary>
/// Puts the object trees of several TorchScript data.pkl files (protocol 2, as torch.jit.save writes
/// them) under one new module object, the way an attacker joins two models without PyTorch: each
/// part's memo indices are moved past the previous part's, and its tensor storage keys ("0", "1", …,
/// the names of its data/ entries) are moved by the part's storage offset. Only the opcodes
/// torch.jit.save uses for modules and tensors are understood; anything else is refused.
/// </summary>
public static class PickleSplice
{
    /// <summary>
    /// A pickle of <c>__torch__.<paramref name="className"/></c> whose attributes are <c>training</c>,
    /// <c>_is_full_backward_hook</c> and each part's module under its name.
    /// </summary>
    public static byte[] Combine(string className, IReadOnlyList<(string Attribute, byte[] Pickle, int StorageOffset)> parts)
    {
        var output = new MemoryStream();
        output.Write([0x80, 2]);
        output.Write(Encoding.ASCII.GetBytes($"c__torch__\n{className}\n"));
        output.Write([(byte)')', 0x81, (byte)'}', (byte)'(']);
        Unicode(output, "training");
        output.WriteByte(0x89);
        Unicode(output, "_is_full_backward_hook");
        output.WriteByte((byte)'N');
        int memoOffset = 0;
        foreach (var (attribute, pickle, storageOffset) in parts)
        {
            Unicode(output, attribute);
            memoOffset = 1 + Rewrite(pickle, output, memoOffset, storageOffset);
        }
        output.Write([(byte)'u', (byte)'b', (byte)'.']);
        return output.ToArray();
    }

    /// <summary>Copies the body of <paramref name="pickle"/> (without PROTO and STOP); returns the largest memo index written.</summary>
    private static int Rewrite(byte[] pickle, Stream output, int memoOffset, int storageOffset)
    {
        int largest = memoOffset - 1, at = 0;
        while (true)
        {
            byte op = pickle[at++];
            switch (op)
            {
                case 0x80: // PROTO
                    at++;
                    break;
                case (byte)'.': // STOP
                    return largest;
                case (byte)'q' or (byte)'h': // BINPUT, BINGET
                case (byte)'r' or (byte)'j': // LONG_BINPUT, LONG_BINGET
                {
                    bool isLong = op is (byte)'r' or (byte)'j';
                    int index = (isLong ? BinaryPrimitives.ReadInt32LittleEndian(pickle.AsSpan(at)) : pickle[at]) + memoOffset;
                    at += isLong ? 4 : 1;
                    bool put = op is (byte)'q' or (byte)'r';
                    largest = Math.Max(largest, index);
                    output.WriteByte(put ? (byte)'r' : (byte)'j');
                    Span<byte> bytes = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(bytes, index);
                    output.Write(bytes);
                    break;
                }
                case (byte)'X': // BINUNICODE
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(pickle.AsSpan(at));
                    string text = Encoding.UTF8.GetString(pickle, at + 4, length);
                    at += 4 + length;
                    // torch.jit.save names storages by number and nothing else in a module's pickle by digits alone.
                    Unicode(output, text.Length > 0 && text.All(char.IsAsciiDigit) ? (int.Parse(text) + storageOffset).ToString() : text);
                    break;
                }
                case (byte)'c': // GLOBAL: two newline-terminated lines
                {
                    int end = Array.IndexOf(pickle, (byte)'\n', Array.IndexOf(pickle, (byte)'\n', at) + 1);
                    output.WriteByte(op);
                    output.Write(pickle, at, end + 1 - at);
                    at = end + 1;
                    break;
                }
                case (byte)'K': // BININT1
                    output.Write(pickle, at - 1, 2);
                    at += 1;
                    break;
                case (byte)'M': // BININT2
                    output.Write(pickle, at - 1, 3);
                    at += 2;
                    break;
                case (byte)'J': // BININT
                    output.Write(pickle, at - 1, 5);
                    at += 4;
                    break;
                case (byte)'G': // BINFLOAT
                    output.Write(pickle, at - 1, 9);
                    at += 8;
                    break;
                case (byte)')' or 0x81 or (byte)'}' or (byte)']' or (byte)'(' or (byte)'t' or 0x85 or 0x86 or 0x87 or (byte)'Q'
                    or 0x88 or 0x89 or (byte)'N' or (byte)'R' or (byte)'u' or (byte)'s' or (byte)'e' or (byte)'a' or (byte)'b':
                    output.WriteByte(op);
                    break;
                default:
                    throw new NotSupportedException($"Pickle opcode 0x{op:x2} at {at - 1} is not one torch.jit.save writes for a module.");
            }
        }
    }

    private static void Unicode(Stream output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        output.WriteByte((byte)'X');
        output.Write(length);
        output.Write(bytes);
    }
}
