namespace Aegis.Scanning.Durable;

/// <summary>Durable's RetryPolicy: attempts with exponential backoff between them.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient = 2.0)
{
    public static readonly RetryPolicy None = new(1, TimeSpan.Zero);

    public TimeSpan DelayBefore(int attempt) =>
        attempt <= 1 ? TimeSpan.Zero : FirstRetryInterval * Math.Pow(BackoffCoefficient, attempt - 2);
}
