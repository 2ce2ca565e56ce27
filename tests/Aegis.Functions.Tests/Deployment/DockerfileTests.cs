using System.Diagnostics;
using System.Xml.Linq;
using Aegis.Functions.Tests.Infrastructure;
using System.Security.Cryptography;
using Aegis.Core.Detection;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Storage;

namespace Aegis.Functions.Tests.Deployment;

/// <summary>
/// Docker cannot run here, so the worker's Dockerfile is checked against what it relies on: the
/// build context it copies holds every project and build file the publish needs, the publish it
/// runs (run here with the same arguments) produces every path the runtime stage copies and
/// starts, and the started entrypoint answers the liveness probe (and nothing else) and takes an
/// inspection of a real model from the job queue in (Azurite) storage, as the Functions app sends it.
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>The worker's health route, which the Container App's probes call.</summary>
    public const string HealthPath = "/api/health";

    private readonly Dockerfile _dockerfile = Dockerfile.Read();

    [Fact]
    public void BuildContextCopiesExistAndHoldEveryProjectAndBuildFileThePublishReads()
    {
        var build = _dockerfile.Stages[0];
        var copied = build.All("COPY").Select(Dockerfile.ParseCopy).ToArray();
        Assert.All(copied, c => Assert.False(c.Options.ContainsKey("from")));
        var sources = copied.SelectMany(c => c.Sources).ToArray();
        foreach (string source in sources)
            Assert.True(File.Exists(Repo(source)) || Directory.Exists(Repo(source)), $"COPY source {source} does not exist in the repository");

        string project = PublishCommand()[0];
        var needed = ProjectClosure(Repo(project))
            .Concat(new[] { "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }.Select(Repo))
            .Concat(Imports(Repo("Directory.Build.targets")))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p));
        foreach (string file in needed)
            Assert.True(sources.Any(s => s.EndsWith('/') ? file.StartsWith(s, StringComparison.Ordinal) : file == s),
                $"the publish needs {file}, which no COPY puts into the build stage");
    }

    [Fact]
    public void RuntimeStageInstallsBubblewrapAsRootSoEachModelsSandboxGetsItsNamespaces()
    {
        var instructions = _dockerfile.Final.Instructions.ToList();
        int install = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal)
                                                  && i.Arguments.Split(' ').Contains("bubblewrap"));
        Assert.True(install >= 0, "the runtime stage does not install bubblewrap");
        int user = instructions.FindIndex(i => i.Keyword == "USER");
        Assert.True(user < 0 || install < user, "bubblewrap must be installed before the image drops root");
    }

    [Fact]
    public void TheWorkerRunsModelsBehindWallsAndNeverAsATrustedProcess()
    {
        var entrypoint = _dockerfile.Entrypoint.ToList();
        int isolation = entrypoint.IndexOf("--isolation");
        Assert.True(isolation > 0, "the worker's isolation is not stated");
        // auto: bubblewrap, else Landlock + seccomp, else sandbox-unavailable; never a plain process.
        Assert.Equal("auto", entrypoint[isolation + 1]);
    }

    [Fact]
    public async Task PublishAsTheBuildStageRunsItYieldsEveryPathTheRuntimeStageCopiesAndAWorkerThatAnswersItsProbe()
    {
        var run = PublishCommand();
        int output = run.IndexOf("-o");
        string stageOutput = run[output + 1];
        string folder = await Tool.PublishAsync(run[0], [.. run.Skip(1).Where((_, i) => i + 1 != output && i + 1 != output + 1)]);
        try
        {
            var fromBuild = _dockerfile.Final.All("COPY").Select(Dockerfile.ParseCopy).Where(c => c.Options.GetValueOrDefault("from") == _dockerfile.Stages[0].Name).ToArray();
            Assert.NotEmpty(fromBuild);
            foreach (string source in fromBuild.SelectMany(c => c.Sources))
            {
                Assert.StartsWith(stageOutput, source);
                string local = Path.Combine(folder, source[stageOutput.Length..].TrimStart('/'));
                Assert.True(File.Exists(local) || Directory.Exists(local), $"COPY --from=build {source}: not in the publish output");
            }

            // The runtime stage copies the publish output into its WORKDIR; the entrypoint runs from there.
            string workdir = Assert.Single(_dockerfile.Final.All("WORKDIR")).Arguments;
            Assert.Equal(stageOutput.TrimEnd('/'), workdir.TrimEnd('/'));
            var entrypoint = _dockerfile.Entrypoint;
            Assert.Equal("dotnet", entrypoint[0]);
            Assert.StartsWith(workdir, entrypoint[1]);
            string assembly = Path.Combine(folder, entrypoint[1][workdir.Length..].TrimStart('/'));
            Assert.True(File.Exists(assembly), $"ENTRYPOINT runs {entrypoint[1]}, which the publish did not produce");
            int urls = entrypoint.ToList().IndexOf("--urls");
            Assert.Equal(_dockerfile.ExposedPort, new Uri(entrypoint[urls + 1]).Port);

            int port = RepoPaths.FreePort();
            var arguments = entrypoint.Skip(1).ToArray();
            arguments[0] = assembly;
            arguments[urls] = $"http://127.0.0.1:{port}";
            await AssertServesAsync(arguments, port);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The build stage's <c>dotnet publish</c> arguments with ARG defaults filled in (project first).</summary>
    private List<string> PublishCommand()
    {
        var run = Assert.Single(_dockerfile.Stages[0].All("RUN")).Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(["dotnet", "publish"], run[..2]);
        return run.Skip(2).Select(word => _dockerfile.GlobalArguments.Aggregate(word, (w, a) => w.Replace("$" + a.Key, a.Value))).ToList();
    }

    private static async Task AssertServesAsync(string[] arguments, int port)
    {
        using var azurite = new AzuriteServer();
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Aegis__JobQueue"] = $"docker-{Guid.NewGuid():N}"[..20],
            ["Aegis__CacheDirectory"] = Directory.CreateTempSubdirectory("aegis-worker-cache-").FullName,
            ["Aegis__WorkerId"] = "image-worker",
        };
        var settings = AegisConfiguration.FromValues(values);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in values)
            start.Environment[name] = value;
        using var worker = Process.Start(start)!;
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            var root = new Uri($"http://127.0.0.1:{port}");
            using var anonymous = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                Assert.False(worker.HasExited, $"the worker exited with {(worker.HasExited ? worker.ExitCode : 0)} before answering");
                try
                {
                    // The liveness probe sends no key; it is the only request the worker answers.
                    var health = await anonymous.GetAsync(HealthPath);
                    Assert.True(health.IsSuccessStatusCode, $"{HealthPath} answered {(int)health.StatusCode}");
                    break;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(500);
                }
            }
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.PostAsync("/api/translations", new StringContent("{}"))).StatusCode);
            await AssertInspectsAsync(settings);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
            Directory.Delete(settings.CacheDirectory, recursive: true);
        }
    }

    /// <summary>What the Functions app asks of a worker first: inspect a real TorchScript model with Fashion-MNIST, both fetched by the worker from storage, taken from the job queue.</summary>
    private static async Task AssertInspectsAsync(AegisSettings settings)
    {
        var storage = new ScanStorage(settings);
        await storage.EnsureContainersAsync();
        var queues = new JobQueues(settings);
        await queues.EnsureAsync();
        var results = new JobResults(storage);
        string modelFile = Path.Combine(RepoPaths.FixtureModels, "robust_local.pt");
        var uploaded = await storage.Models.GetBlobClient("robust_local.pt").UploadAsync(modelFile);
        foreach (string file in Directory.GetFiles(RepoPaths.FashionMnist, "train-*"))
            await storage.Datasets.GetBlobClient($"fashion-mnist/{Path.GetFileName(file)}").UploadAsync(file);
        var parameters = new ScanParameters { Robustness = new RobustnessParameters { Enabled = false } };
        var model = new BlobRef(storage.Models.Name, "robust_local.pt", uploaded.Value.ETag.ToString().Trim('"'));

        var inspection = await RunAsync(queues, results, ScanJob.Inspect("0123456789abcdef01234567", model, "fashion-mnist", parameters));
        Assert.Equal(JobStatus.Succeeded, inspection.Status);
        Assert.Equal("image-worker", inspection.Worker);
        Assert.Equal(10, inspection.Inspection!.ClassCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(modelFile))), inspection.Inspection.Model.Sha256);
        Assert.Equal(60000, inspection.Inspection.Dataset.TrainImages);

        var junk = await storage.Models.GetBlobClient("junk.pt").UploadAsync(BinaryData.FromString("not a TorchScript archive"));
        var rejected = await RunAsync(queues, results, ScanJob.Inspect("0123456789abcdef01234568", model with { Name = "junk.pt", ETag = junk.Value.ETag.ToString().Trim('"') }, "fashion-mnist", parameters));
        Assert.Equal(JobStatus.Rejected, rejected.Status);
        Assert.False(string.IsNullOrEmpty(rejected.Error?.Code));
    }

    /// <summary>Puts the job on the queue and waits for the worker's completion note, then reads the outcome it names.</summary>
    private static async Task<JobOutcome> RunAsync(JobQueues queues, JobResults results, ScanJob job)
    {
        await queues.Jobs.SendMessageAsync(job.ToMessage());
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var message in (await queues.Completions.ReceiveMessagesAsync(32)).Value)
            {
                var completion = JobCompletion.FromMessage(message.Body.ToString());
                await queues.Completions.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                if (completion?.ScanId == job.ScanId && completion.Job == job.Name)
                    return await results.ReadOutcomeAsync(job.ScanId, job.Name, CancellationToken.None) ?? throw new InvalidOperationException("A completion without its result.");
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The worker did not finish {job.Name} of scan {job.ScanId}.");
    }

    private static string Repo(string relative) => Path.GetFullPath(Path.Combine(RepoPaths.Root, relative.TrimEnd('/')));

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
                continue;
            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, (string)reference.Attribute("Include")!)));
        }
        return seen;
    }

    private static IEnumerable<string> Imports(string targets) =>
        XDocument.Load(targets).Descendants("Import")
            .Select(i => ((string)i.Attribute("Project")!).Replace("$(MSBuildThisFileDirectory)", RepoPaths.Root + "/"))
            .Select(Path.GetFullPath);
}
