namespace Aegis.Scanner;

/// <summary>
/// A sandbox operation's progress as status lines, one per 5 % step, reported on the caller's thread as the
/// scan's own progress is.
/// </summary>
internal sealed class PercentStatus(Action<string> status, Func<int, string> message) : IProgress<double>
{
    private int _reported = -1;

    /// <summary>Null when nobody listens, so the operation reports nothing.</summary>
    public static IProgress<double>? For(Action<string>? status, Func<int, string> message) =>
        status is null ? null : new PercentStatus(status, message);

    public void Report(double value)
    {
        int percent = (int)(value * 100) / 5 * 5;
        if (percent == _reported)
            return;
        _reported = percent;
        status(message(percent));
    }
}
