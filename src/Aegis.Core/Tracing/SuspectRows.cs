using System.Globalization;
using Aegis.Core.Text;

namespace Aegis.Core.Tracing;

/// <summary>
/// The training rows a suspects.csv names, for `lab train --exclude`: the rows marked suspected, or
/// with <c>top</c> the first <c>top</c> rows whatever their mark (the file is sorted, highest score
/// first). Rows of a --samples trace are file names, not training rows, and are refused.
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
        int suspectedColumn = Array.IndexOf(header.Split(','), "suspected");
        if (top is null && suspectedColumn < 0)
            throw new InvalidDataException($"{path}: has no 'suspected' column; give the number of top rows to leave out.");
        var rows = new List<int>();
        int line = 1;
        while ((top is null || rows.Count < top) && reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            // A --samples trace's names may hold quoted commas; training rows never do, and the first field is refused below.
            var fields = text.Split(',');
            if (top is null && (fields.Length <= suspectedColumn || fields[suspectedColumn] != "true"))
                continue;
            string field = fields[0];
            if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int row))
                throw new InvalidDataException($"{path}, line {line}: '{UntrustedText.Quote(field, 40)}' is not a training row number (a --samples trace names files; drop those from your own data).");
            rows.Add(row);
        }
        return rows;
    }
}
