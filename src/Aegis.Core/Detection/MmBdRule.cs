using Aegis.Core.Statistics;

namespace Aegis.Core.Detection;

/// <summary>One class's maximum-margin statistic: the largest margin logit_k − max_{j≠k} logit_j its search reached, and the steps it took.</summary>
public sealed record MmBdClass(int Label, double Statistic, int Steps)
{
    /// <summary>True for the class the test flagged.</summary>
    public bool Suspicious { get; init; }
}

/// <summary>
/// MM-BD's decision, the published test (<see cref="LargestOutlierTest"/>): a Gamma fitted to every
/// class's statistic but the largest, p = 1 − F(largest)^K; the largest class is flagged when p is below
/// the significance. One class at most, as the paper's test says.
/// </summary>
public static class MmBdRule
{
    public const string Name = "mm-bd";

    /// <summary>The fewest classes the test can judge: two for the null and the largest.</summary>
    public const int MinClasses = 3;

    public static MmBdReport Decide(IReadOnlyList<MmBdClass> classes, MmBdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        if (classes.Count < MinClasses)
        {
            return new MmBdReport
            {
                Significance = parameters.Significance,
                Classes = classes,
                Explanation = $"MM-BD needs at least {MinClasses} classes to fit its null; {classes.Count} scanned, none judged.",
            };
        }
        var test = LargestOutlierTest.Run(classes.Select(c => c.Statistic).ToArray());
        var largest = classes[test.Index];
        bool flagged = test.PValue < parameters.Significance;
        string explanation = flagged
            ? $"Class {largest.Label}'s maximum margin {largest.Statistic:F2} is an outlier above the other {classes.Count - 1} classes' Gamma null (p = {test.PValue:G3} < {parameters.Significance})."
            : $"The largest maximum margin, class {largest.Label}'s {largest.Statistic:F2}, fits the other {classes.Count - 1} classes' Gamma null (p = {test.PValue:G3} ≥ {parameters.Significance}).";
        return new MmBdReport
        {
            Significance = parameters.Significance,
            LargestClass = largest.Label,
            FlaggedClass = flagged ? largest.Label : null,
            PValue = test.PValue,
            NullShape = test.Null.Shape,
            NullLocation = test.Null.Location,
            NullScale = test.Null.Scale,
            Classes = classes.Select(c => c with { Suspicious = flagged && c.Label == largest.Label }).OrderBy(c => c.Label).ToArray(),
            Explanation = explanation,
        };
    }
}

/// <summary>MM-BD's part of a verdict (<c>mmBd</c>): every class's statistic, the test's null and p-value, the flagged class.</summary>
public sealed record MmBdReport
{
    public string Rule { get; init; } = MmBdRule.Name;
    public required double Significance { get; init; }
    /// <summary>The class with the largest statistic (null when too few classes were scanned).</summary>
    public int? LargestClass { get; init; }
    public int? FlaggedClass { get; init; }
    /// <summary>The largest statistic's order-statistic p-value under the null; null when not judged.</summary>
    public double? PValue { get; init; }
    /// <summary>The Gamma fitted to the other classes' statistics (shape, location, scale).</summary>
    public double? NullShape { get; init; }
    public double? NullLocation { get; init; }
    public double? NullScale { get; init; }
    public required string Explanation { get; init; }
    public IReadOnlyList<MmBdClass> Classes { get; init; } = [];
}
