using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Aegis.Core.Clustering;
using Aegis.Core.Embedding;
using Aegis.Core.IO;
using Spectre.Console;

namespace Aegis.Cli.Commands;

/// <summary>
/// `aegis cluster FEATURES.npy`: steps 3–4 alone (t-SNE, bandwidth estimate, mean shift) on a saved
/// feature matrix, so researchers can compare with scikit-learn on identical input.
/// </summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("features") { Description = "2-D .npy feature matrix (float32 or float64), one row per image." };
        var perplexity = new Option<double>("--perplexity") { Description = "t-SNE perplexity.", DefaultValueFactory = _ => 30 };
        var bandwidth = new Option<double?>("--bandwidth") { Description = "Mean-shift bandwidth; estimated like scikit-learn's estimate_bandwidth when omitted." };
        var quantile = new Option<double>("--quantile") { Description = "Quantile for the bandwidth estimate.", DefaultValueFactory = _ => 0.3 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var embeddingOut = new Option<FileInfo?>("--embedding-out") { Description = "Write the 2-D embedding here (.npy, float64)." };
        var labelsOut = new Option<FileInfo?>("--labels-out") { Description = "Write the cluster label of each row here (.npy, int64)." };

        var command = new Command("cluster", "Run t-SNE and mean shift (AEGIS steps 3-4) on a saved feature matrix and print the cluster count.")
        {
            file, perplexity, bandwidth, quantile, seed, json, embeddingOut, labelsOut,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            parse.GetValue(file)!, parse.GetValue(perplexity), parse.GetValue(bandwidth), parse.GetValue(quantile),
            parse.GetValue(seed), parse.GetValue(json), parse.GetValue(embeddingOut), parse.GetValue(labelsOut), cancellationToken)));
        return command;
    }

    private static int Run(FileInfo file, double perplexity, double? bandwidth, double quantile, int seed, bool json,
        FileInfo? embeddingOut, FileInfo? labelsOut, CancellationToken cancellationToken)
    {
        Core.Matrix features;
        try
        {
            features = Npy.ReadMatrix(file.FullName);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot read {file.FullName}: {e.Message}");
            return ExitCodes.ScanError;
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var embedding = TSne.Embed(features, new TSneOptions { Perplexity = perplexity, Seed = seed }, null, cancellationToken);
            double tsneSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            double used = bandwidth ?? BandwidthEstimator.Estimate(embedding, 2, quantile, seed: seed);
            var clusters = MeanShift.Fit(embedding, 2, used, cancellationToken: cancellationToken);
            double meanShiftSeconds = clock.Elapsed.TotalSeconds;

            if (embeddingOut is not null)
                Npy.Write(embeddingOut.FullName, embedding, features.Rows, 2);
            if (labelsOut is not null)
                Npy.Write(labelsOut.FullName, clusters.Labels);

            var sizes = clusters.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    clusters = clusters.ClusterCount,
                    bandwidth = used,
                    rows = features.Rows,
                    columns = features.Columns,
                    clusterSizes = sizes,
                    perplexity,
                    seconds = new { tsne = tsneSeconds, meanShift = meanShiftSeconds },
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                AnsiConsole.MarkupLine($"[bold]{clusters.ClusterCount}[/] clusters in {features.Rows} rows x {features.Columns} features (bandwidth {used:F3}; sizes {string.Join(", ", sizes)})");
                AnsiConsole.MarkupLine($"[grey]t-SNE {tsneSeconds:F2} s, mean shift {meanShiftSeconds:F2} s[/]");
            }
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.ScanError;
        }
    }
}
