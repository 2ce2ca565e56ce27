using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// Lenient reads of verdict JSON: the page renders whatever a verdict holds, including fields
/// added after it was written and the named literals ("NaN", "Infinity") the verdict allows.
/// </summary>
internal static class JsonRead
{
    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
            return null;
        if (value.TryGetValue<double>(out var number))
            return number;
        return value.TryGetValue<string>(out var text) ? text switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        } : null;
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static IReadOnlyList<int> Ints(JsonNode? node) =>
        node is JsonArray array
            ? array.Select(Number).Where(n => n is not null && double.IsFinite(n.Value)).Select(n => (int)n!.Value).ToArray()
            : [];

    /// <summary>A scalar rendered as text: numbers rounded, booleans as yes/no; null for objects and arrays.</summary>
    public static string? Scalar(JsonNode? node)
    {
        if (node is not JsonValue value)
            return null;
        if (value.TryGetValue<bool>(out var flag))
            return flag ? "yes" : "no";
        if (Number(node) is double number)
            return Html.Number(number);
        return String(node);
    }
}
