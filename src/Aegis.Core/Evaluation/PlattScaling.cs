namespace Aegis.Core.Evaluation;

/// <summary>
/// Platt scaling: the logistic p = 1 / (1 + exp(−(slope · score + intercept))) that best predicts the
/// truth, fitted by Newton's method with backtracking (Lin, Lin &amp; Weng's version of Platt's
/// algorithm). As Platt, the targets are (N₊ + 1) / (N₊ + 2) for backdoored and 1 / (N₋ + 2) for clean
/// models rather than 1 and 0: with a few dozen models a perfect separation would otherwise drive the
/// slope to infinity and every probability to 0 or 1.
/// </summary>
public static class PlattScaling
{
    public static (double Slope, double Intercept) Fit(IReadOnlyList<ScoredTruth> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        int positives = models.Count(m => m.Backdoored), negatives = models.Count - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException("Calibration needs clean and backdoored models.", nameof(models));
        if (models.Any(m => !double.IsFinite(m.Score)))
            throw new ArgumentException("Every score must be finite.", nameof(models));
        double high = (positives + 1.0) / (positives + 2.0), low = 1.0 / (negatives + 2.0);
        var targets = models.Select(m => m.Backdoored ? high : low).ToArray();
        var scores = models.Select(m => m.Score).ToArray();

        double slope = 0, intercept = Math.Log((positives + 1.0) / (negatives + 1.0));
        double loss = Loss(scores, targets, slope, intercept);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the cross-entropy in (slope, intercept); a tiny ridge keeps the Hessian invertible.
            double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
            for (int i = 0; i < scores.Length; i++)
            {
                double p = Logistic(slope * scores[i] + intercept), d = p - targets[i], w = p * (1 - p);
                ga += d * scores[i];
                gb += d;
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }
            if (Math.Abs(ga) < 1e-10 && Math.Abs(gb) < 1e-10)
                break;
            double det = haa * hbb - hab * hab;
            double da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
            double step = 1;
            while (step > 1e-10)
            {
                double candidate = Loss(scores, targets, slope + step * da, intercept + step * db);
                if (candidate < loss + 1e-4 * step * (ga * da + gb * db))
                {
                    slope += step * da;
                    intercept += step * db;
                    loss = candidate;
                    break;
                }
                step /= 2;
            }
            if (step <= 1e-10)
                break;
        }
        if (!(slope > 0))
            throw new ArgumentException("The scores do not rise with the truth (the fitted slope is not positive); no calibration can be monotone.", nameof(models));
        return (slope, intercept);
    }

    public static double Logistic(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Loss(double[] scores, double[] targets, double slope, double intercept)
    {
        double loss = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = slope * scores[i] + intercept;
            // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = log(1 + e^z) − t·z, computed without overflow.
            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - targets[i] * z;
        }
        return loss;
    }
}
