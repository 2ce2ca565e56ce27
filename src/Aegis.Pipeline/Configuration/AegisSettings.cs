using Aegis.Core.Detection;

namespace Aegis.Pipeline.Configuration;

/// <summary>
/// The pipeline's settings, bound from configuration the Azure Functions way (DESIGN.md
/// "Settings"): the section <c>Aegis</c> (<c>Aegis__X__Y</c> in the environment and
/// local.settings.json is <c>Aegis:X:Y</c>), plus <c>AzureWebJobsStorage</c> and
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> at the root. <see cref="AegisConfiguration"/>
/// binds them; <see cref="AegisSettingsValidator"/> checks them at start.
/// </summary>
public sealed record AegisSettings
{
    public const string Section = "Aegis";
    public const string StorageKey = "AzureWebJobsStorage";
    public const string ApplicationInsightsKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Every setting the pipeline reads, for local.settings.sample.json and error messages.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        StorageKey, "Aegis__JobQueue", "Aegis__LocalWorker", "Aegis__WorkerId", "Aegis__HostId", "Aegis__ApiKeys", "Aegis__DefaultDataset",
        "Aegis__Containers__Models", "Aegis__Containers__Verdicts", "Aegis__Containers__Datasets", "Aegis__Containers__Work",
        "Aegis__Containers__Approved", "Aegis__Containers__Quarantine",
        "Aegis__Promotion", "Aegis__EventGrid__Endpoint", "Aegis__EventGrid__Key", "Aegis__EventGrid__ExpectedTopic", "Aegis__EventGrid__AllowedOrigin",
        "Aegis__Limits__MaxModelBytes", "Aegis__Limits__MaxModelPutBytes", "Aegis__Limits__MaxSidecarBytes", "Aegis__Limits__MaxDatasetBytes", "Aegis__Limits__MaxDatasetFiles", "Aegis__Limits__MaxRequestBytes",
        "Aegis__UploadSasMinutes", "Aegis__MaxAttempts", "Aegis__RetryDelaySeconds", "Aegis__TaskHub", "Aegis__LeaseSeconds", "Aegis__PollIntervalSeconds", "Aegis__CacheDirectory", "Aegis__CacheMaxBytes",
        "Aegis__WorkerConcurrency", "Aegis__JobVisibilitySeconds", "Aegis__MaxJobDequeues", "Aegis__JobRecheckSeconds", "Aegis__JobDeadlineMinutes", "Aegis__TraceSuspects",
        ApplicationInsightsKey, "OTEL_EXPORTER_OTLP_ENDPOINT", "Aegis__ConsoleTelemetry",
    ];

    /// <summary>The storage account (<c>AzureWebJobsStorage</c>): a connection string, or identity-based (<see cref="StorageConnection"/>).</summary>
    public StorageConnection Storage { get; set; } = new();
    /// <summary>Keys the host's HTTP API accepts (<c>Aegis__ApiKeys</c>, comma-separated).</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];
    /// <summary>
    /// The queue of model work (<c>Aegis__JobQueue</c>): hosts put jobs on it, any worker takes the next.
    /// Workers report each finished job on <see cref="CompletionQueue"/>, named after it.
    /// </summary>
    public string JobQueue { get; set; } = "aegis-jobs";
    public string CompletionQueue => JobQueue + "-done";
    /// <summary><c>aegis serve</c> takes jobs from the queue itself as well (<c>Aegis__LocalWorker</c>, true unless false).</summary>
    public bool LocalWorker { get; set; } = true;
    /// <summary>This worker's name in verdicts (<c>classes[].worker</c>); default host name and process id.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";
    /// <summary>This host's name on the task hub and in verdicts (<c>pipeline.host</c>); default host name and HTTP port (set by the host).</summary>
    public string? HostId { get; set; }
    /// <summary>Jobs a worker runs at once (each uses every core already).</summary>
    public int WorkerConcurrency { get; set; } = 1;
    /// <summary>How long a taken job stays invisible to other workers; its worker renews it every third of that, and a dead worker's job reappears after it.</summary>
    public int JobVisibilitySeconds { get; set; } = 120;
    /// <summary>Times a job may be taken without finishing before it is poisoned: its class ends in an error verdict.</summary>
    public int MaxJobDequeues { get; set; } = 5;
    /// <summary>How often a waiting scan looks for its jobs' results itself, in case a completion message was lost.</summary>
    public int JobRecheckSeconds { get; set; } = 60;
    /// <summary>How long a scan waits for one job (no worker running, or all of them busy) before its run ends and it runs again later.</summary>
    public int JobDeadlineMinutes { get; set; } = 240;
    /// <summary>A backdoored verdict is followed by a trace job: which training samples carry the trigger (suspects.json beside the verdict, Aegis.Scan.SuspectsTraced).</summary>
    public bool TraceSuspects { get; set; } = true;
    public string DefaultDataset { get; set; } = "fashion-mnist";
    public ContainerNames Containers { get; set; } = new();
    public PromotionMode Promotion { get; set; } = PromotionMode.None;
    public EventGridSettings EventGrid { get; set; } = new();
    /// <summary>Runs of a scan (each after a transient failure outlasted its retries) after which it is poisoned: an error verdict, no more runs.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>Wait before the second run of a failed scan; it doubles with every further run.</summary>
    public int RetryDelaySeconds { get; set; } = 60;
    /// <summary>The Durable Task hub: names the engine's tables, queues and lease container in the storage account.</summary>
    /// <summary>The default changed with the partitioned hub (4 partitions, several hosts): an old single-partition hub named "aegis" is left alone.</summary>
    public string TaskHub { get; set; } = "aegisscans";
    /// <summary>How long a dequeued work item stays invisible to other hosts; the engine renews it while an activity runs, and a killed host's items reappear after it.</summary>
    public int LeaseSeconds { get; set; } = 60;
    public int PollIntervalSeconds { get; set; } = 10;
    /// <summary>Local folder where model and dataset blobs are cached by blob version; private to the user (see <see cref="Storage.BlobCache"/>).</summary>
    public string CacheDirectory { get; set; } = DefaultCacheDirectory;
    /// <summary>Bytes of models and datasets a worker keeps cached; the least recently used go first.</summary>
    public long CacheMaxBytes { get; set; } = 20L << 30;
    public string? ApplicationInsightsConnectionString { get; set; }
    /// <summary>How long the upload URL of <c>POST /api/uploads</c> may be used (a SAS that can only create or write that one model blob).</summary>
    public int UploadSasMinutes { get; set; } = 10;
    public TimeSpan UploadSasLifetime => TimeSpan.FromMinutes(UploadSasMinutes);
    /// <summary>Size caps on what callers and uploaders send (<c>Aegis__Limits__*</c>).</summary>
    public InputLimits Limits { get; set; } = new();
    /// <summary>
    /// The server's scan policy (<c>Aegis__Scan__*</c>, e.g. <c>Aegis__Scan__Seeds</c>): the parameters of
    /// every scan that may promote a model. Parameters from an API caller or a sidecar that differ make the verdict advisory.
    /// </summary>
    public ScanParameters Scan { get; set; } = new();

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(RetryDelaySeconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);
    public TimeSpan JobVisibility => TimeSpan.FromSeconds(JobVisibilitySeconds);
    public TimeSpan JobRecheck => TimeSpan.FromSeconds(JobRecheckSeconds);
    public TimeSpan JobDeadline => TimeSpan.FromMinutes(JobDeadlineMinutes);

    /// <summary>Per user, so one user's cache is never another's.</summary>
    private static string DefaultCacheDirectory => Path.Combine(Path.GetTempPath(), $"aegis-cache-{Environment.UserName}");
}
