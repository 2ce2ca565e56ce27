using System.Text.Json.Nodes;
using Aegis.Core.Tracing;
using SkiaSharp;

namespace Aegis.Cli.Tests;

/// <summary>
/// A tiny backdoored lab model trained here with its exact training set exported (`lab train --export-data`),
/// scanned (`aegis scan`: a standard model, so Neural Cleanse decides), once for the class.
/// </summary>
public sealed class TracedLabModel : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();

    public string Folder => _folder.Path;
    public string Model => Path.Combine(Folder, "model");
    public string Data => Path.Combine(Folder, "data");
    public string Scan => Path.Combine(Folder, "scan");
    public IReadOnlySet<int> PoisonedRows { get; private set; } = new HashSet<int>();

    public async Task InitializeAsync()
    {
        var train = await AegisProcess.RunAsync("lab", "train", "--data", RepoPaths.FashionMnist, "--out", Model, "--export-data", Data,
            "--trigger", "localized", "--poison-rate", "0.05", "--standard", "--optimizer", "adam", "--schedule", "one-cycle", "--lr", "0.003",
            "--epochs", "3", "--subset", "10000", "--adv-samples", "100", "--seed", "5");
        Assert.True(train.ExitCode == 0, train.StandardError + train.StandardOutput);
        PoisonedRows = JsonNode.Parse(File.ReadAllText(Path.Combine(Model, "model.json")))!["poisonedRows"]!.AsArray().Select(r => (int)r!).ToHashSet();
        var scan = await AegisProcess.RunAsync("scan", Model, "--data", Data, "--out", Scan);
        Assert.True(scan.ExitCode == 1, scan.StandardError + scan.StandardOutput);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>`aegis trace` on a real lab-trained backdoored model and the exact training set it was trained on.</summary>
public sealed class TraceLabModelTests(TracedLabModel lab) : IClassFixture<TracedLabModel>
{
    [Fact]
    public async Task TheTopSuspectsAreThePoisonedRowsAndTheReportLinksThem()
    {
        var result = await AegisProcess.RunAsync("trace", lab.Model, "--data", lab.Data, "--verdict", Path.Combine(lab.Scan, "verdict.json"));

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var lines = File.ReadAllLines(Path.Combine(lab.Scan, SuspectsFiles.CsvFile));
        Assert.Equal(SuspectsFiles.CsvHeader, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var scores = rows.Select(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(rows, r => Assert.Equal("7", r[1]));
        Assert.Equal(rows.Length, rows.Select(r => r[0]).Distinct().Count());
        int k = lab.PoisonedRows.Count;
        double precision = rows.Take(k).Count(r => lab.PoisonedRows.Contains(int.Parse(r[0]))) / (double)k;
        Assert.True(precision >= 0.9, $"top-{k} precision {precision:F3}");
        // The marked rows, which `lab train --exclude` drops: nearly all poisoned, and most of the poison.
        var marked = rows.Where(r => r[3] == "true").Select(r => int.Parse(r[0])).ToArray();
        Assert.InRange(marked.Count(lab.PoisonedRows.Contains), Math.Max(1, (int)(0.9 * marked.Length)), k);
        Assert.True(marked.Length >= k / 2, $"{marked.Length} of {k} poisoned rows marked");
        Assert.Contains("href=\"suspects.html\"", File.ReadAllText(Path.Combine(lab.Scan, "report.html")));
        Assert.Contains("data:image/png;base64,", File.ReadAllText(Path.Combine(lab.Scan, "suspects.html")));
    }

    [Fact]
    public async Task NewSamplesInAFolderAreTracedByFileName()
    {
        // Ten poisoned copies and ten clean sneakers of the exported set, as PNG files a labelling tool would hand over.
        var data = Aegis.Core.Datasets.DatasetLoader.Load(lab.Data, Aegis.Core.Datasets.DatasetSplit.Train);
        var poisoned = lab.PoisonedRows.Order().Take(10).ToArray();
        var clean = data.IndicesOf(7).Where(r => !lab.PoisonedRows.Contains(r)).Take(10).ToArray();
        using TempDirectory samplesDirectory = new(), outputDirectory = new();
        string samples = samplesDirectory.Path, output = outputDirectory.Path;
        Directory.CreateDirectory(Path.Combine(samples, "7"));
        foreach (int row in poisoned.Concat(clean))
            SavePng(data.Pixels.AsSpan(row * 784, 784), Path.Combine(samples, "7", $"{(poisoned.Contains(row) ? "new" : "old")}-{row}.png"));

        var result = await AegisProcess.RunAsync("trace", lab.Model, "--data", lab.Data, "--verdict", Path.Combine(lab.Scan, "verdict.json"),
            "--samples", samples, "--out", output);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var names = File.ReadAllLines(Path.Combine(output, SuspectsFiles.CsvFile)).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(20, names.Length);
        Assert.All(names, n => Assert.Matches(@"^7/(new|old)-\d+\.png$", n));
        Assert.InRange(names.Take(10).Count(n => n.StartsWith("7/new-", StringComparison.Ordinal)), 8, 10);
    }

    private static void SavePng(ReadOnlySpan<byte> pixels, string path)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        pixels.CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
