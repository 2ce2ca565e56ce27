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

    /// <summary>
    /// <see cref="SquaredDistance"/> from four rows to <paramref name="b"/> at once, each loaded
    /// chunk of <paramref name="b"/> serving all four; the arithmetic per pair is the same, so are the results.
    /// </summary>
    public static void SquaredDistances4(ReadOnlySpan<float> a0, ReadOnlySpan<float> a1, ReadOnlySpan<float> a2, ReadOnlySpan<float> a3, ReadOnlySpan<float> b, Span<float> distances)
    {
        if (!Vector.IsHardwareAccelerated || b.Length < 2 * Vector<float>.Count)
        {
            distances[0] = SquaredDistance(a0, b);
            distances[1] = SquaredDistance(a1, b);
            distances[2] = SquaredDistance(a2, b);
            distances[3] = SquaredDistance(a3, b);
            return;
        }
        var v0 = MemoryMarshal.Cast<float, Vector<float>>(a0);
        var v1 = MemoryMarshal.Cast<float, Vector<float>>(a1);
        var v2 = MemoryMarshal.Cast<float, Vector<float>>(a2);
        var v3 = MemoryMarshal.Cast<float, Vector<float>>(a3);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        Vector<float> even0 = default, even1 = default, even2 = default, even3 = default;
        Vector<float> odd0 = default, odd1 = default, odd2 = default, odd3 = default;
        int v = 0;
        for (; v + 1 < vb.Length; v += 2)
        {
            var be = vb[v];
            var bo = vb[v + 1];
            var d = v0[v] - be; even0 += d * d;
            d = v1[v] - be; even1 += d * d;
            d = v2[v] - be; even2 += d * d;
            d = v3[v] - be; even3 += d * d;
            d = v0[v + 1] - bo; odd0 += d * d;
            d = v1[v + 1] - bo; odd1 += d * d;
            d = v2[v + 1] - bo; odd2 += d * d;
            d = v3[v + 1] - bo; odd3 += d * d;
        }
        if (v < vb.Length)
        {
            var be = vb[v];
            var d = v0[v] - be; even0 += d * d;
            d = v1[v] - be; even1 += d * d;
            d = v2[v] - be; even2 += d * d;
            d = v3[v] - be; even3 += d * d;
        }
        distances[0] = AddTail(Vector.Sum(even0 + odd0), a0, b);
        distances[1] = AddTail(Vector.Sum(even1 + odd1), a1, b);
        distances[2] = AddTail(Vector.Sum(even2 + odd2), a2, b);
        distances[3] = AddTail(Vector.Sum(even3 + odd3), a3, b);
    }

    /// <summary>Adds the squared differences past the last whole vector one by one, as <see cref="SquaredDistance"/> does.</summary>
    private static float AddTail(float sum, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int i = b.Length - b.Length % Vector<float>.Count; i < b.Length; i++)
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
