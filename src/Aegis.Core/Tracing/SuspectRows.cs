using System.Globalization;

namespace Aegis.Core.Tracing;

/// <summary>
/// The training rows a suspects.csv names, for `lab train --exclude`: its first column, in file order
/// (highest score first), optionally only the first <c>top</c>. Rows of a --samples trace are file
/// names, not training rows, and are refused.
/// </summary>
public static class SuspectRows
{
    public const long MaxFileBytes = 256L << 20;

    public static IReadOnlyList<int> Read(string path, int? top = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"{path}: suspects file not found.", path);
        if (info.Length > MaxFileBytes)
            throw new InvalidDataException($"{path}: larger than {MaxFileBytes >> 20} MB, not a suspects file.");
        if (top is < 0)
            throw new ArgumentOutOfRangeException(nameof(top), top, "The number of top suspects cannot be negative.");
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("index,", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: not a suspects.csv (its first column must be 'index').");
        var rows = new List<int>();
        int line = 1;
        while ((top is null || rows.Count < top) && reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            string field = text[..Math.Max(0, text.IndexOf(','))];
            if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int row))
                throw new InvalidDataException($"{path}, line {line}: '{(field.Length > 40 ? field[..40] + "…" : field)}' is not a training row number (a --samples trace names files; drop those from your own data).");
            rows.Add(row);
        }
        return rows;
    }
}
