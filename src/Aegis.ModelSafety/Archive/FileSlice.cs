using Microsoft.Win32.SafeHandles;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// A read-only stream over one byte range of a file: an entry's compressed data. Reads go through
/// <see cref="RandomAccess"/> at absolute offsets, so no reader ever sees a byte outside the range.
/// </summary>
internal sealed class FileSlice(SafeFileHandle file, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
            return 0;
        int read = RandomAccess.Read(file, buffer[..wanted], offset + _position);
        if (read == 0)
            throw new EndOfStreamException("the file ends inside an entry's data");
        _position += read;
        return read;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; false when the file ends first.</summary>
    public static bool ReadAt(SafeFileHandle file, long offset, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
                return false;
            buffer = buffer[read..];
            offset += read;
        }
        return true;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
