using System.Text.Json;
using Aegis.Core;
using Aegis.Core.IO;

namespace Aegis.Cli.Tests;

public sealed class ClusterCommandTests
{
    [Fact]
    public async Task CountsThreeWellSeparatedBlobsAndWritesTheEmbeddingAndLabels()
    {
        using var folderDirectory = new TempDirectory();
        var folder = folderDirectory.Path;
        var features = Path.Combine(folder, "blobs.npy");
        Npy.Write(features, Blobs(perBlob: 120, blobs: 3, dimensions: 16));
        var embedding = Path.Combine(folder, "embedding.npy");
        var labels = Path.Combine(folder, "labels.npy");

        var result = await AegisProcess.RunAsync("cluster", features, "--json", "--embedding-out", embedding, "--labels-out", labels);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(3, json.RootElement.GetProperty("clusters").GetInt32());
        Assert.True(json.RootElement.GetProperty("bandwidth").GetDouble() > 0);
        var written = Npy.ReadMatrix(embedding);
        Assert.Equal((360, 2), (written.Rows, written.Columns));
        Assert.True(File.Exists(labels));
    }

    [Fact]
    public async Task MalformedFileIsAClearError()
    {
        using var folderDirectory = new TempDirectory();
        var folder = folderDirectory.Path;
        var bad = Path.Combine(folder, "bad.npy");
        File.WriteAllText(bad, "not numpy");

        var result = await AegisProcess.RunAsync("cluster", bad);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.npy", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    private static Matrix Blobs(int perBlob, int blobs, int dimensions)
    {
        var random = new Random(1);
        var matrix = new Matrix(perBlob * blobs, dimensions);
        for (int b = 0; b < blobs; b++)
        {
            for (int i = 0; i < perBlob; i++)
            {
                var row = matrix.Row(b * perBlob + i);
                for (int d = 0; d < dimensions; d++)
                    row[d] = (float)((d % blobs == b ? 20.0 : 0.0) + random.NextDouble() - 0.5);
            }
        }
        return matrix;
    }
}
