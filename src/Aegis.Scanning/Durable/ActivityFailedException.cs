namespace Aegis.Scanning.Durable;

/// <summary>An activity failed on its last attempt (Durable's TaskFailedException).</summary>
public sealed class ActivityFailedException(string activityName, string errorType, string errorMessage, string? errorCode = null)
    : Exception($"Activity {activityName} failed: {errorMessage}")
{
    public string ActivityName { get; } = activityName;
    public string ErrorType { get; } = errorType;
    public string ErrorMessage { get; } = errorMessage;
    /// <summary>Set when the activity rejected its input: the verdict error code to report.</summary>
    public string? ErrorCode { get; } = errorCode;
}
