using Aegis.Core.Detection;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Tests.Jobs;

/// <summary>A job message is input: every way it can lie is refused before a worker fetches anything.</summary>
public sealed class ScanJobTests
{
    private const string ScanId = "0123456789abcdef01234567";
    private static readonly BlobRef Model = new("models", "m.pt", "0x8DE0000000000001");

    [Fact]
    public void AHostMadeJobRoundTripsAndNamesItsBlobsFromTheScanAndClass()
    {
        var job = ScanJob.ScanClass(ScanId, Model, "fashion-mnist", new ScanParameters { Runs = 3 }, 7, 2);
        var (read, problem) = ScanJob.FromMessage(job.ToMessage(), "models");
        Assert.Null(problem);
        Assert.Equal("class-7-run-2", read!.Name);
        Assert.Equal(job.Parameters.RandomSeed + 2, read.RunParameters.RandomSeed);
        Assert.Equal($"scans/{ScanId}/jobs/class-7-run-2/result.json", WorkPaths.JobResult(ScanId, read.Name));
        Assert.True(ScanJob.IsJobName(ScanId, read.Name));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"schema":2,"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""")]
    [InlineData("""{"kind":"rm-rf","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""")]
    [InlineData("""{"kind":"inspect","scanId":"../../approved","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""")]
    [InlineData("""{"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"approved","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""")]
    [InlineData("""{"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"../verdicts/x.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""")]
    [InlineData("""{"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"a/b"},"dataset":"d","parameters":{}}""")]
    [InlineData("""{"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"..","parameters":{}}""")]
    [InlineData("""{"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{"seeds":100000000}}""")]
    [InlineData("""{"kind":"scan-class","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{},"label":1000}""")]
    [InlineData("""{"kind":"scan-class","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{},"label":1,"run":1}""")]
    [InlineData("""{"kind":"reverse-triggers","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{},"classes":[-1]}""")]
    [InlineData("""{"kind":"inspect","scanId":"0123456789abcdef01234567","model":{"container":"models","name":"m\uFFFE.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""")]
    public void AHostileMessageIsRefused(string message)
    {
        var (job, problem) = ScanJob.FromMessage(message, "models");
        Assert.Null(job);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void AMessageLargerThanAJobCanBeIsRefusedUnread()
    {
        var (job, problem) = ScanJob.FromMessage(new string(' ', ScanJob.MaxMessageBytes + 1), "models");
        Assert.Null(job);
        Assert.Contains("larger", problem);
    }

    [Theory]
    [InlineData("inspect", true)]
    [InlineData("reverse-triggers", true)]
    [InlineData("class-999-run-9", true)]
    [InlineData("class-1000-run-0", false)]
    [InlineData("class-01-run-0", false)]
    [InlineData("class-1-run-0/../../x", false)]
    [InlineData("result.json", false)]
    public void OnlyNamesAJobCanHavePassAsJobNames(string name, bool valid) =>
        Assert.Equal(valid, ScanJob.IsJobName(ScanId, name));
}
