using System.Numerics;
using System.Runtime.InteropServices;

namespace Aegis.Core.Embedding;

/// <summary>SIMD kernels for the distance and dot products that dominate the affinity and PCA steps.</summary>
internal static class VectorMath
{
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= 2 * Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            int v = 0;
            for (; v + 1 < va.Length; v += 2)
            {
                var d0 = va[v] - vb[v];
                var d1 = va[v + 1] - vb[v + 1];
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            for (; v < va.Length; v++)
            {
                var d = va[v] - vb[v];
                acc0 += d * d;
            }
            sum = Vector.Sum(acc0 + acc1);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < va.Length; v++)
                acc += va[v] * vb[v];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>target += scale * source.</summary>
    public static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var vt = MemoryMarshal.Cast<double, Vector<double>>(target);
            var vs = MemoryMarshal.Cast<double, Vector<double>>(source);
            var s = new Vector<double>(scale);
            for (int v = 0; v < vt.Length; v++)
                vt[v] += vs[v] * s;
            i = vt.Length * Vector<double>.Count;
        }
        for (; i < target.Length; i++)
            target[i] += source[i] * scale;
    }
}
