using Aegis.Core.Verdicts;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Jobs.Handlers;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aegis.Pipeline.Tests.Jobs;

/// <summary>The worker's handling of a message on real queues in Azurite, up to the point a model would run.</summary>
[Collection(PipelineCollection.Name)]
public sealed class JobWorkerTests(PipelineFixture fixture)
{
    private const string ScanId = "fedcba9876543210fedcba98";

    [Fact]
    public async Task AHostileMessageIsDeletedWithoutAResultOrANote()
    {
        var (worker, queues, results) = await CreateAsync();
        await queues.Jobs.SendMessageAsync("""{"kind":"inspect","scanId":"../../verdicts","model":{"container":"models","name":"m.pt","eTag":"0x1"},"dataset":"d","parameters":{}}""");
        var message = (await queues.Jobs.ReceiveMessageAsync()).Value;

        await worker.RunAsync(message, CancellationToken.None);

        Assert.Equal(0, (await queues.Jobs.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queues.Completions.ReceiveMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task AJobTakenTooOftenWithoutFinishingIsPoisonedReportedAndDeleted()
    {
        var (worker, queues, results) = await CreateAsync();
        var job = ScanJob.ScanClass(ScanId, new BlobRef("models", "m.pt", "0x1"), "fashion-mnist", Scenario.TinyParameters, 3, 0);
        await queues.Jobs.SendMessageAsync(job.ToMessage());
        // Five workers took it and died (the message came back each time); the sixth finds it poisoned.
        for (int taken = 0; taken < 5; taken++)
        {
            var dead = (await queues.Jobs.ReceiveMessageAsync()).Value;
            await queues.Jobs.UpdateMessageAsync(dead.MessageId, dead.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        var message = (await queues.Jobs.ReceiveMessageAsync()).Value;
        Assert.Equal(6, message.DequeueCount);

        await worker.RunAsync(message, CancellationToken.None);

        var outcome = await results.ReadOutcomeAsync(ScanId, job.Name, CancellationToken.None);
        Assert.Equal(JobStatus.Poisoned, outcome!.Status);
        Assert.Equal(ErrorCodes.Poisoned, outcome.Error!.Code);
        Assert.Contains("Class 3", outcome.Error.Message);
        var note = Assert.Single((await queues.Completions.ReceiveMessagesAsync(32)).Value);
        Assert.Equal(new JobCompletion(ScanId, job.Name), JobCompletion.FromMessage(note.Body.ToString()));
        Assert.Equal(0, (await queues.Jobs.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AJobAlreadyDoneIsNotRunAgainOnlyItsNoteIsRepeated()
    {
        var (worker, queues, results) = await CreateAsync();
        var job = ScanJob.Inspect(ScanId, new BlobRef("models", "absent.pt", "0x1"), "fashion-mnist", Scenario.TinyParameters);
        var done = new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = "earlier-worker" };
        await results.WriteOutcomeAsync(ScanId, done, CancellationToken.None);
        await queues.Jobs.SendMessageAsync(job.ToMessage());

        // The model blob does not exist: running the job would reject it; finding it done does not.
        await worker.RunAsync((await queues.Jobs.ReceiveMessageAsync()).Value, CancellationToken.None);

        Assert.Equal("earlier-worker", (await results.ReadOutcomeAsync(ScanId, job.Name, CancellationToken.None))!.Worker);
        Assert.Single((await queues.Completions.ReceiveMessagesAsync(32)).Value);
    }

    private async Task<(JobWorker Worker, JobQueues Queues, JobResults Results)> CreateAsync()
    {
        string prefix = $"jw-{Guid.NewGuid():N}"[..16];
        var settings = new AegisSettings
        {
            Storage = StorageConnection.FromConnectionString(fixture.ConnectionString),
            JobQueue = $"{prefix}-jobs",
            Containers = new ContainerNames { Work = $"{prefix}-work" },
            CacheDirectory = fixture.CacheDirectory,
            WorkerId = "test-worker",
        };
        var storage = new ScanStorage(settings);
        await storage.Work.CreateIfNotExistsAsync();
        var queues = new JobQueues(settings);
        await queues.EnsureAsync();
        var results = new JobResults(storage);
        var worker = new JobWorker(queues, new BlobCache(storage), results, Array.Empty<IJobHandler>(), settings, NullLogger<JobWorker>.Instance);
        return (worker, queues, results);
    }
}
