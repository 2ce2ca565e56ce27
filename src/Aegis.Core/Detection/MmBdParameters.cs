namespace Aegis.Core.Detection;

/// <summary>
/// MM-BD (Wang et al., "MM-BD: Post-Training Detection of Backdoor Attacks with Arbitrary Backdoor
/// Pattern Types Using a Maximum Margin Statistic", S&amp;P 2024). Defaults are the published
/// <c>univ_bd.py</c>'s: 30 uniform random images per class, at most 300 steps of gradient ascent on the
/// margin at learning rate 0.01 (its SGD is made anew every step, so its momentum never acts), a class
/// stops when its loss changes by less than 1e-5 of itself, and the largest statistic is flagged at p &lt; 0.05.
/// </summary>
public sealed record MmBdParameters
{
    /// <summary>Random starting images per class; the class's statistic is the largest margin any of them reaches.</summary>
    public int Images { get; init; } = 30;
    public int MaxSteps { get; init; } = 300;
    public double LearningRate { get; init; } = 0.01;
    /// <summary>A class stops once its summed margin changes by less than this fraction of itself in one step.</summary>
    public double Tolerance { get; init; } = 1e-5;
    /// <summary>The largest statistic is flagged when its order-statistic p-value is below this.</summary>
    public double Significance { get; init; } = 0.05;

    /// <summary>Every problem with the parameters, as sentences naming the field; empty when valid. Upper bounds keep a hostile request's cost bounded.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Images is < 1 or > ScanParameterLimits.MaxBatchSize)
            problems.Add($"mmBd.images must be in 1..{ScanParameterLimits.MaxBatchSize}.");
        if (MaxSteps is < 1 or > ScanParameterLimits.MaxSteps)
            problems.Add($"mmBd.maxSteps must be in 1..{ScanParameterLimits.MaxSteps}.");
        if (LearningRate is not (> 0 and <= 100))
            problems.Add("mmBd.learningRate must be in (0, 100].");
        if (Tolerance is not (>= 0 and < 1))
            problems.Add("mmBd.tolerance must be in [0, 1).");
        if (Significance is not (> 0 and < 1))
            problems.Add("mmBd.significance must be in (0, 1).");
        return problems;
    }

    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
            throw new ArgumentException(string.Join(" ", problems));
    }
}
