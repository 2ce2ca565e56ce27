using System.CommandLine;
using Aegis.Cli.Commands;

namespace Aegis.Cli.Tests;

public sealed class ScanOptionsTests
{
    [Theory]
    [InlineData("model.pt", true)]
    [InlineData("model.pt --skip-all-to-all", false)]
    public void NeuralCleansesAllToAllRowRunsUnlessSkipped(string line, bool expected)
    {
        var options = new ScanOptions();
        var command = new Command("scan") { new Argument<string>("model") };
        options.AddTo(command);

        var parameters = options.ReadValid(command.Parse(line));

        Assert.NotNull(parameters);
        Assert.Equal(expected, parameters.NeuralCleanse.AllToAll);
    }
}
