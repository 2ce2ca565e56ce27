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
        StorageKey, "Aegis__Workers", "Aegis__WorkerKey", "Aegis__ApiKeys", "Aegis__DefaultDataset",
        "Aegis__Containers__Models", "Aegis__Containers__Verdicts", "Aegis__Containers__Datasets", "Aegis__Containers__Work",
        "Aegis__Containers__Approved", "Aegis__Containers__Quarantine",
        "Aegis__Promotion", "Aegis__EventGrid__Endpoint", "Aegis__EventGrid__Key", "Aegis__EventGrid__ExpectedTopic", "Aegis__EventGrid__AllowedOrigin",
        "Aegis__Limits__MaxModelBytes", "Aegis__Limits__MaxSidecarBytes", "Aegis__Limits__MaxDatasetBytes", "Aegis__Limits__MaxDatasetFiles", "Aegis__Limits__MaxRequestBytes",
        "Aegis__MaxAttempts", "Aegis__RetryDelaySeconds", "Aegis__TaskHub", "Aegis__LeaseSeconds", "Aegis__PollIntervalSeconds", "Aegis__CacheDirectory", "Aegis__InProcessConcurrency",
        "Aegis__ModelRunReplySeconds",
        ApplicationInsightsKey, "OTEL_EXPORTER_OTLP_ENDPOINT", "Aegis__ConsoleTelemetry",
    ];

    /// <summary>The storage account (<c>AzureWebJobsStorage</c>): a connection string, or identity-based (<see cref="StorageConnection"/>).</summary>
    public StorageConnection Storage { get; set; } = new();
    /// <summary>Worker base URLs (<c>Aegis__Workers</c>, comma-separated); empty means classes are translated in-process.</summary>
    public IReadOnlyList<Uri> Workers { get; set; } = [];
    /// <summary>Keys the host's HTTP API accepts (<c>Aegis__ApiKeys</c>, comma-separated).</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];
    /// <summary>
    /// The secret a host shares with its workers (<c>Aegis__WorkerKey</c>, the same value on both
    /// sides): the host sends it with every request and signs each translation's grant with it; a
    /// worker requires it and checks the grants with it.
    /// </summary>
    public string? WorkerKey { get; set; }
    public string DefaultDataset { get; set; } = "fashion-mnist";
    public ContainerNames Containers { get; set; } = new();
    public PromotionMode Promotion { get; set; } = PromotionMode.None;
    public EventGridSettings EventGrid { get; set; } = new();
    /// <summary>Runs of a scan (each after a transient failure outlasted its retries) after which it is poisoned: an error verdict, no more runs.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>Wait before the second run of a failed scan; it doubles with every further run.</summary>
    public int RetryDelaySeconds { get; set; } = 60;
    /// <summary>The Durable Task hub: names the engine's tables, queues and lease container in the storage account.</summary>
    public string TaskHub { get; set; } = "aegis";
    /// <summary>How long a dequeued work item stays invisible to other hosts; the engine renews it while an activity runs, and a killed host's items reappear after it.</summary>
    public int LeaseSeconds { get; set; } = 60;
    public int PollIntervalSeconds { get; set; } = 10;
    /// <summary>
    /// How long a worker holds a trigger check or Neural Cleanse request open before answering 202 and
    /// letting the host poll; kept well under ingress timeouts (Container Apps: 240 s).
    /// </summary>
    public int ModelRunReplySeconds { get; set; } = 20;
    /// <summary>Local folder where model and dataset blobs are cached by blob version; private to the user (see <see cref="Storage.BlobCache"/>).</summary>
    public string CacheDirectory { get; set; } = DefaultCacheDirectory;
    /// <summary>Classes translated at once when no workers are configured (each uses all cores already).</summary>
    public int InProcessConcurrency { get; set; } = 1;
    public string? ApplicationInsightsConnectionString { get; set; }
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

    /// <summary>Per user, so one user's cache is never another's.</summary>
    private static string DefaultCacheDirectory => Path.Combine(Path.GetTempPath(), $"aegis-cache-{Environment.UserName}");
}
