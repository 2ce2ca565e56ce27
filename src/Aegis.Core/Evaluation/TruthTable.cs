using System.Globalization;

namespace Aegis.Core.Evaluation;

/// <summary>
/// truth.csv: what each model of an evaluated folder really is. A header names the columns —
/// <c>model,backdoored,target,attack_success</c>, and optionally <c>trigger</c> (the family, for the
/// per-family metrics) — in any order; <c>model</c> is the file or folder name as listed in the folder,
/// <c>backdoored</c> true/false (or 1/0, yes/no), <c>target</c> empty for a clean model, and
/// <c>attack_success</c> a fraction in [0, 1] or empty. Fields may be double-quoted.
/// </summary>
public static class TruthTable
{
    public const string FileName = "truth.csv";
    private static readonly string[] Required = ["model", "backdoored", "target", "attack_success"];
    private const int MaxRows = 100_000;

    /// <exception cref="InvalidDataException">A malformed file, named by line.</exception>
    public static IReadOnlyDictionary<string, ModelTruth> Read(string path)
    {
        var lines = File.ReadLines(path).Select((text, i) => (Text: text.TrimEnd('\r'), Number: i + 1))
            .Where(l => l.Text.Trim().Length > 0).Take(MaxRows + 2).ToArray();
        if (lines.Length == 0)
            throw new InvalidDataException($"{path}: empty; the first line must name the columns {string.Join(",", Required)}.");
        if (lines.Length > MaxRows + 1)
            throw new InvalidDataException($"{path}: more than {MaxRows} models.");
        var header = Fields(lines[0].Text, path, lines[0].Number).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        foreach (var column in Required.Where(c => !header.Contains(c)))
            throw new InvalidDataException($"{path}: no '{column}' column; the first line must name {string.Join(",", Required)}.");
        int Column(string name) => Array.IndexOf(header, name);

        var truth = new Dictionary<string, ModelTruth>(StringComparer.Ordinal);
        foreach (var (text, number) in lines.Skip(1))
        {
            var fields = Fields(text, path, number);
            if (fields.Count != header.Length)
                throw new InvalidDataException($"{path}:{number}: {fields.Count} fields where the header has {header.Length}.");
            string Field(string name) => Column(name) is >= 0 and var i ? fields[i].Trim() : "";
            string model = Field("model");
            if (!IsPlainName(model))
                throw new InvalidDataException($"{path}:{number}: the model must be a file or folder name in the evaluated folder, without a path.");
            if (truth.ContainsKey(model))
                throw new InvalidDataException($"{path}:{number}: model '{model}' is listed twice.");
            bool backdoored = Field("backdoored").ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new InvalidDataException($"{path}:{number}: backdoored must be true or false."),
            };
            int? target = Field("target") is { Length: > 0 } t
                ? int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var label) ? label : throw new InvalidDataException($"{path}:{number}: target must be a class number or empty.")
                : null;
            if (!backdoored && target is not null)
                throw new InvalidDataException($"{path}:{number}: a clean model has no target.");
            double? success = Field("attack_success") is { Length: > 0 } a
                ? double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1 ? rate
                    : throw new InvalidDataException($"{path}:{number}: attack_success must be a fraction in [0, 1] or empty.")
                : null;
            truth[model] = new ModelTruth
            {
                Backdoored = backdoored,
                Target = target,
                AttackSuccess = success,
                Trigger = backdoored && Field("trigger") is { Length: > 0 } trigger ? trigger : null,
            };
        }
        return truth;
    }

    /// <summary>A name that stays inside the folder it is looked up in.</summary>
    public static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 255 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0 && !name.Any(char.IsControl);

    /// <summary>Comma-separated fields; a field in double quotes may hold commas and doubled quotes.</summary>
    private static List<string> Fields(string line, string path, int number)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        if (quoted)
            throw new InvalidDataException($"{path}:{number}: a quoted field is not closed.");
        fields.Add(field.ToString());
        return fields;
    }
}
