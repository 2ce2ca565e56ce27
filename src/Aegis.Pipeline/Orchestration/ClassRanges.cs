namespace Aegis.Pipeline.Orchestration;

/// <summary>A sorted list of numbers (classes, job positions) written as ranges ("0-999", "1,3,5-7"), as the custom status and job queries carry it.</summary>
public static class ClassRanges
{
    public static string Format(IReadOnlyList<int> labels)
    {
        var parts = new List<string>();
        for (int i = 0; i < labels.Count;)
        {
            int j = i;
            while (j + 1 < labels.Count && labels[j + 1] == labels[j] + 1)
                j++;
            parts.Add(i == j ? $"{labels[i]}" : $"{labels[i]}-{labels[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>The labels of a list <see cref="Format"/> wrote; anything else reads as no classes.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var labels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (ends.Length is < 1 or > 2 || !int.TryParse(ends[0], out int first) || !int.TryParse(ends[^1], out int last) || first < 0 || last < first || last - first > 100_000)
                return [];
            for (int label = first; label <= last; label++)
                labels.Add(label);
        }
        return labels;
    }
}
