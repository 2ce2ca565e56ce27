using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Aegis.Core.IO;

/// <summary>The parsed header dictionary of a .npy file: dtype, memory order and shape.</summary>
internal sealed partial record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    /// <summary>The element count, computed exactly (never wrapping) and refused above <paramref name="limit"/>.</summary>
    public long CheckedCount(long limit, string path)
    {
        Int128 count = 1;
        foreach (var dim in Shape)
        {
            count *= dim;
            if (count > limit)
                throw new InvalidDataException($"{path}: array of shape ({string.Join(", ", Shape)}) has more than {limit} elements.");
        }
        return (long)count;
    }

    /// <summary>Parses a header literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.</summary>
    public static NpyHeader Parse(string text, string path)
    {
        var descr = DescrPattern().Match(text);
        var fortran = FortranPattern().Match(text);
        var shape = ShapePattern().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException($"{path}: malformed .npy header (need 'descr', 'fortran_order' and 'shape'): {text.Trim()}");
        var dims = new List<long>();
        foreach (var part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out long dim))
                throw new InvalidDataException($"{path}: malformed .npy shape ({shape.Groups[1].Value}).");
            dims.Add(dim);
        }
        return new NpyHeader(descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims.ToArray());
    }

    /// <summary>The header dictionary, padded with spaces and a newline so the data starts 64-byte aligned (as numpy writes).</summary>
    public string Format()
    {
        string shape = Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
        string dict = $"{{'descr': '{Descr}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
        const int preamble = 10; // magic (6) + version (2) + header length (2)
        int padded = (preamble + dict.Length + 1 + 63) / 64 * 64;
        return dict + new string(' ', padded - preamble - dict.Length - 1) + "\n";
    }

    public byte[] FormatBytes() => Encoding.ASCII.GetBytes(Format());

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
