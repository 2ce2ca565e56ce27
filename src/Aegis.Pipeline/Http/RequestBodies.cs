namespace Aegis.Pipeline.Http;

/// <summary>Request bodies under a cap: a declared Content-Length over it is refused before a byte is read, and the body itself is read through a <see cref="CappedStream"/>.</summary>
public static class RequestBodies
{
    /// <exception cref="BodyTooLargeException">The body is declared or turns out larger than <paramref name="limit"/>.</exception>
    public static Stream Open(Stream body, long? declaredLength, long limit)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > limit)
            throw new BodyTooLargeException(limit);
        return new CappedStream(body, limit);
    }

    /// <summary>
    /// Kestrel's own body limit for routes capped at <paramref name="caps"/>: one byte above the
    /// largest, so the route's <see cref="CappedStream"/> (which reads one byte past its cap to tell)
    /// always decides first and answers 413 itself; the server's limit only stops routes without a cap.
    /// </summary>
    public static long ServerLimit(params long[] caps) => caps.Max() + 1;

    /// <summary>The whole body, at most <paramref name="limit"/> bytes.</summary>
    public static async Task<BinaryData> ReadAsync(Stream body, long? declaredLength, long limit, CancellationToken cancellationToken)
    {
        await using var capped = Open(body, declaredLength, limit);
        return await BinaryData.FromStreamAsync(capped, cancellationToken);
    }
}
