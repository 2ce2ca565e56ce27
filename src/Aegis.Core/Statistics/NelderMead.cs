namespace Aegis.Core.Statistics;

/// <summary>
/// The downhill simplex exactly as SciPy's <c>optimize.fmin</c> runs it (scipy/optimize/_optimize.py,
/// non-adaptive): the initial simplex steps each coordinate by 5% (0.00025 when it is 0), reflection 1,
/// expansion 2, contraction ½, shrink ½, and it stops when the simplex's points lie within
/// <c>xtol</c> of the best and their values within <c>ftol</c>, or after 200·n iterations or
/// function calls. MM-BD's test fits its Gamma null with <c>scipy.stats.gamma.fit</c>, which minimises
/// with this method; the same steps give the same fit (MathNet's simplex starts and stops otherwise).
/// </summary>
public static class NelderMead
{
    private const double Reflection = 1, Expansion = 2, Contraction = 0.5, Shrink = 0.5;
    private const double NonZeroStep = 0.05, ZeroStep = 0.00025;

    public static double[] Minimize(Func<double[], double> function, IReadOnlyList<double> start, double xTolerance = 1e-4, double fTolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(start);
        int n = start.Count;
        if (n == 0)
            throw new ArgumentException("The start needs at least one coordinate.", nameof(start));
        int maxCalls = 200 * n, maxIterations = 200 * n, calls = 0;
        double Evaluate(double[] x)
        {
            calls++;
            return function(x);
        }

        var simplex = new double[n + 1][];
        simplex[0] = [.. start];
        for (int k = 0; k < n; k++)
        {
            var point = start.ToArray();
            point[k] = point[k] != 0 ? (1 + NonZeroStep) * point[k] : ZeroStep;
            simplex[k + 1] = point;
        }
        var values = simplex.Select(Evaluate).ToArray();
        Sort(simplex, values);

        for (int iteration = 1; calls < maxCalls && iteration < maxIterations; iteration++)
        {
            if (Converged(simplex, values, xTolerance, fTolerance))
                break;
            var centroid = new double[n];
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++)
                    centroid[k] += simplex[j][k] / n;
            var worst = simplex[n];
            var reflected = Combine(centroid, worst, 1 + Reflection, -Reflection);
            double fReflected = Evaluate(reflected);
            if (fReflected < values[0])
            {
                var expanded = Combine(centroid, worst, 1 + Reflection * Expansion, -Reflection * Expansion);
                double fExpanded = Evaluate(expanded);
                (simplex[n], values[n]) = fExpanded < fReflected ? (expanded, fExpanded) : (reflected, fReflected);
            }
            else if (fReflected < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fReflected);
            }
            else
            {
                bool shrink;
                if (fReflected < values[n])
                {
                    var outside = Combine(centroid, worst, 1 + Contraction * Reflection, -Contraction * Reflection);
                    double fOutside = Evaluate(outside);
                    shrink = !(fOutside <= fReflected);
                    if (!shrink)
                        (simplex[n], values[n]) = (outside, fOutside);
                }
                else
                {
                    var inside = Combine(centroid, worst, 1 - Contraction, Contraction);
                    double fInside = Evaluate(inside);
                    shrink = !(fInside < values[n]);
                    if (!shrink)
                        (simplex[n], values[n]) = (inside, fInside);
                }
                if (shrink)
                {
                    for (int j = 1; j <= n; j++)
                    {
                        simplex[j] = Combine(simplex[0], simplex[j], 1 - Shrink, Shrink);
                        values[j] = Evaluate(simplex[j]);
                    }
                }
            }
            Sort(simplex, values);
        }
        return simplex[0];
    }

    private static bool Converged(double[][] simplex, double[] values, double xTolerance, double fTolerance)
    {
        double spread = 0, rise = 0;
        for (int j = 1; j < simplex.Length; j++)
        {
            for (int k = 0; k < simplex[0].Length; k++)
                spread = Math.Max(spread, Math.Abs(simplex[j][k] - simplex[0][k]));
            rise = Math.Max(rise, Math.Abs(values[0] - values[j]));
        }
        // NaN comparisons are false, as NumPy's are: an infinite simplex never converges.
        return spread <= xTolerance && rise <= fTolerance;
    }

    /// <summary>a·x + b·y, coordinate by coordinate.</summary>
    private static double[] Combine(double[] x, double[] y, double a, double b)
    {
        var result = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
            result[k] = a * x[k] + b * y[k];
        return result;
    }

    private static void Sort(double[][] simplex, double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var points = order.Select(i => simplex[i]).ToArray();
        var sorted = order.Select(i => values[i]).ToArray();
        points.CopyTo(simplex, 0);
        sorted.CopyTo(values, 0);
    }
}
