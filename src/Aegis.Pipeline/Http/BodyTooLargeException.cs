namespace Aegis.Pipeline.Http;

/// <summary>A request body is larger than its route accepts: answered with 413.</summary>
public sealed class BodyTooLargeException(long limit)
    : Exception($"The request body is larger than the {limit} bytes this route accepts.")
{
    public long Limit { get; } = limit;

    /// <summary>True when <paramref name="e"/> or an exception inside it (a storage upload wraps what its source stream threw) is a body over its cap.</summary>
    public static bool IsCause(Exception e) => e switch
    {
        BodyTooLargeException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCause),
        _ => e.InnerException is { } inner && IsCause(inner),
    };
}
