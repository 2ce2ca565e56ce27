using Microsoft.AspNetCore.Http;

namespace Aegis.Pipeline.Http;

/// <summary>
/// Reads another stream (a request body) and fails with <see cref="BodyTooLargeException"/> as soon
/// as more than <see cref="Limit"/> bytes come through, so a body without a Content-Length (chunked)
/// or with a false one is never read past the cap. Kestrel's own limit, set one byte above
/// (<see cref="RequestBodies.ServerLimit"/>), counts bytes as they arrive; its 413 becomes ours.
/// </summary>
public sealed class CappedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public long Limit { get; } = limit;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(inner.Read(buffer[..Window(buffer.Length)]));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new BodyTooLargeException(Limit);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer[..Window(buffer.Length)], cancellationToken));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel counts a chunked body as it arrives, ahead of what was read: its limit (one byte over ours) was passed.
            throw new BodyTooLargeException(Limit);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Asks for at most one byte past the cap: enough to tell an oversized body, never more.</summary>
    private int Window(int wanted) => (int)Math.Min(wanted, Limit - _read + 1);

    private int Count(int read)
    {
        _read += read;
        if (_read > Limit)
            throw new BodyTooLargeException(Limit);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
