namespace Aegis.Torch;

/// <summary>
/// Reports a sub-task's progress as a fraction of the whole (<paramref name="offset"/> + <paramref name="scale"/> × its own), synchronously (unlike <see cref="Progress{T}"/>,
/// which posts to the thread pool and can deliver reports out of order).
/// </summary>
public sealed class ScaledProgress(IProgress<double> inner, double scale, double offset = 0) : IProgress<double>
{
    public void Report(double value) => inner.Report(offset + scale * value);
}
