using Aegis.Core.Integrity;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Integrity;

public sealed class FeatureConsistencyTests
{
    private const int Rows = 400, Classes = 10, Dimension = 64;

    [Fact]
    public void LogitsThatAreOneAffineLayerOfTheFeaturesPass()
    {
        var (features, weights, bias) = Penultimate(seed: 1);
        var logits = Affine(features, weights, bias);

        Assert.True(FeatureConsistency.RelativeResidual(logits, features, Rows, Classes, Dimension) < 1e-5);
    }

    [Fact]
    public void LogProbabilitiesPassToo()
    {
        var (features, weights, bias) = Penultimate(seed: 2);
        var logits = Affine(features, weights, bias);
        for (int i = 0; i < Rows; i++)
        {
            var row = logits.AsSpan(i * Classes, Classes);
            double max = row.ToArray().Max(), sum = row.ToArray().Sum(v => Math.Exp(v - max));
            float shift = (float)(max + Math.Log(sum));
            for (int j = 0; j < Classes; j++)
                row[j] -= shift;
        }

        Assert.True(FeatureConsistency.RelativeResidual(logits, features, Rows, Classes, Dimension) < 1e-5);
    }

    [Fact]
    public void DeadAndDuplicatedFeaturesDoNotBreakTheFit()
    {
        var (features, weights, bias) = Penultimate(seed: 3);
        for (int i = 0; i < Rows; i++)
        {
            features[i * Dimension + 5] = 0;                                  // a dead unit
            features[i * Dimension + 6] = features[i * Dimension + 7];        // a duplicated one
        }
        var logits = Affine(features, weights, bias);

        Assert.True(FeatureConsistency.RelativeResidual(logits, features, Rows, Classes, Dimension) < 1e-5);
    }

    [Fact]
    public void FeaturesThatAreTheOneHotPredictionPlusALittleOfTheRealLayerFail()
    {
        var (real, weights, bias) = Penultimate(seed: 4);
        var logits = Affine(real, weights, bias);
        var lying = new float[real.Length];
        for (int i = 0; i < Rows; i++)
        {
            var row = logits.AsSpan(i * Classes, Classes).ToArray();
            int prediction = Array.IndexOf(row, row.Max());
            for (int d = 0; d < Dimension; d++)
                lying[i * Dimension + d] = 0.01f * real[i * Dimension + d] + (d == prediction ? 10f : 0f);
        }

        double residual = FeatureConsistency.RelativeResidual(logits, lying, Rows, Classes, Dimension);
        Assert.True(residual > 0.05, $"residual {residual}");
        var failure = Assert.Throws<ScanFailureException>(() => FeatureConsistency.Ensure(logits, lying, Rows, Classes, Dimension));
        Assert.Equal(ErrorCodes.FeaturesInconsistent, failure.Code);
        Assert.DoesNotContain(residual.ToString("G3"), failure.Message);
    }

    [Fact]
    public void LogitsOfANonlinearFunctionOfTheFeaturesFail()
    {
        var (features, weights, bias) = Penultimate(seed: 5);
        var squared = features.Select(v => v * v).ToArray();
        var logits = Affine(squared, weights, bias);

        Assert.True(FeatureConsistency.RelativeResidual(logits, features, Rows, Classes, Dimension) > 0.05);
    }

    [Fact]
    public void TheProbeHasRoomForAResidual() =>
        Assert.True(FeatureConsistency.ProbeImages(128) >= 128 + 1 + FeatureConsistency.ResidualDegrees);

    /// <summary>ReLU-like features of a random two-layer map, and a random final layer.</summary>
    private static (float[] Features, float[] Weights, float[] Bias) Penultimate(int seed)
    {
        var random = new Random(seed);
        var features = new float[Rows * Dimension];
        for (int i = 0; i < features.Length; i++)
            features[i] = (float)Math.Max(0, random.NextDouble() * 4 - 1);
        var weights = Enumerable.Range(0, Dimension * Classes).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var bias = Enumerable.Range(0, Classes).Select(_ => (float)random.NextDouble()).ToArray();
        return (features, weights, bias);
    }

    /// <summary>logits = features · weights + bias in float32, as a model's last layer computes them.</summary>
    private static float[] Affine(float[] features, float[] weights, float[] bias)
    {
        var logits = new float[Rows * Classes];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Classes; j++)
            {
                float sum = bias[j];
                for (int d = 0; d < Dimension; d++)
                    sum += features[i * Dimension + d] * weights[d * Classes + j];
                logits[i * Classes + j] = sum;
            }
        return logits;
    }
}
