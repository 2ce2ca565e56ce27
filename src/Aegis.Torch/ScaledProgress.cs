namespace Aegis.Torch;

/// <summary>
/// Reports a sub-task's progress as a fraction of the whole, synchronously (unlike <see cref="Progress{T}"/>,
/// which posts to the thread pool and can deliver reports out of order).
/// </summary>
internal sealed class ScaledProgress(IProgress<double> inner, double scale) : IProgress<double>
{
    public void Report(double value) => inner.Report(scale * value);
}
