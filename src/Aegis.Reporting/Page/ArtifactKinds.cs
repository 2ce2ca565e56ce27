using System.Text.RegularExpressions;

namespace Aegis.Reporting.Page;

/// <summary>How the page shows one kind of per-class artifact: its heading, what it shows, where it goes.</summary>
internal sealed record ArtifactKind(string Title, string Caption, int Order, bool Wide);

/// <summary>
/// The artifacts the page knows by name (keys of a class's "artifacts" in verdict.json). A new
/// detector or evidence kind needs only an entry here for a good heading and caption; artifacts
/// not listed still appear, after these, titled by their name.
/// </summary>
internal static partial class ArtifactKinds
{
    private static readonly Dictionary<string, ArtifactKind> Known = new(StringComparer.Ordinal)
    {
        ["embedding"] = new("t-SNE embedding",
            "Translated (triangles) and clean (circles) features of the class in 2-D, coloured by mean-shift cluster.", 10, Wide: false),
        ["evidence"] = new("Trigger map and cluster means",
            "Top row: the mean of all translations, where the class's clean images have ink (99th percentile), and the trigger map — ink above that which the translations of every seed class agree on, on a fixed 0–1 scale: a trigger glows as a bright compact patch, an innocent class shows dark traces at most. Below, per cluster: its mean translated image, the clean mean, and their difference (red: brighter).", 30, Wide: true),
    };

    public static ArtifactKind Of(string name)
    {
        if (Known.TryGetValue(name, out var kind))
            return kind;
        if (ClusterName().Match(name) is { Success: true } cluster)
            return new($"Cluster {cluster.Groups[1].Value} examples", "Example images of the cluster (translated first; clean ones below when they are the majority).", 40, Wide: true);
        return new(Html.Humanise(name.Replace('-', ' ').Replace('_', ' ')), "", 100, Wide: true);
    }

    /// <summary>Known kinds first in their order, then cluster grids by number, then the rest by name.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Ordered(IEnumerable<KeyValuePair<string, string>> artifacts) =>
        artifacts.OrderBy(a => Of(a.Key).Order)
            .ThenBy(a => ClusterName().Match(a.Key) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
            .ThenBy(a => a.Key, StringComparer.Ordinal);

    [GeneratedRegex("^cluster-([0-9]{1,6})$")]
    private static partial Regex ClusterName();
}
