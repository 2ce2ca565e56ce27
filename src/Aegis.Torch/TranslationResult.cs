namespace Aegis.Torch;

/// <summary>Images after targeted translation, NCHW floats in [0,1], in seed order.</summary>
public sealed record TranslationResult(float[] Images, int Count, int[] Predictions, double SuccessRate);
