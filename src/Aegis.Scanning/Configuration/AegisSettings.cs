namespace Aegis.Scanning.Configuration;

/// <summary>
/// The pipeline's app settings, named the Azure Functions way (DESIGN.md "Settings"):
/// <c>AzureWebJobsStorage</c> and <c>Aegis__*</c>, read from environment variables or local.settings.json.
/// </summary>
public sealed record AegisSettings
{
    public const string StorageKey = "AzureWebJobsStorage";
    public const string ApplicationInsightsKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Every setting the pipeline reads, for local.settings.sample.json and error messages.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        StorageKey, "Aegis__Workers", "Aegis__WorkerKey", "Aegis__ApiKeys", "Aegis__DefaultDataset",
        "Aegis__Containers__Models", "Aegis__Containers__Verdicts", "Aegis__Containers__Datasets", "Aegis__Containers__Work",
        "Aegis__Containers__Approved", "Aegis__Containers__Quarantine",
        "Aegis__Promotion", "Aegis__EventGrid__Endpoint", "Aegis__EventGrid__Key",
        "Aegis__MaxAttempts", "Aegis__RetryDelaySeconds", "Aegis__TaskHub", "Aegis__LeaseSeconds", "Aegis__PollIntervalSeconds", "Aegis__CacheDirectory", "Aegis__InProcessConcurrency",
        ApplicationInsightsKey, "OTEL_EXPORTER_OTLP_ENDPOINT", "Aegis__ConsoleTelemetry",
    ];

    /// <summary>The storage account: a connection string, or identity-based (<see cref="StorageConnection"/>).</summary>
    public required StorageConnection Storage { get; init; }
    /// <summary>Worker base URLs; empty means classes are translated in-process.</summary>
    public IReadOnlyList<Uri> Workers { get; init; } = [];
    /// <summary>Key the workers require from their callers (header <c>x-aegis-worker-key</c>); null: workers accept any caller.</summary>
    public string? WorkerKey { get; init; }
    public IReadOnlyList<string> ApiKeys { get; init; } = [];
    public string DefaultDataset { get; init; } = "fashion-mnist";
    public ContainerNames Containers { get; init; } = new();
    public PromotionMode Promotion { get; init; } = PromotionMode.None;
    public Uri? EventGridEndpoint { get; init; }
    public string? EventGridKey { get; init; }
    /// <summary>Runs of a scan (each after a transient failure outlasted its retries) after which it is poisoned: an error verdict, no more runs.</summary>
    public int MaxAttempts { get; init; } = 5;
    /// <summary>Wait before the second run of a failed scan; it doubles with every further run.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>The Durable Task hub: names the engine's tables, queues and lease container in the storage account.</summary>
    public string TaskHub { get; init; } = "aegis";
    /// <summary>How long a dequeued work item stays invisible to other hosts; the engine renews it while an activity runs, and a killed host's items reappear after it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Local folder where model and dataset blobs are cached by blob version; private to the user (see <see cref="Storage.BlobCache"/>).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory;
    /// <summary>Classes translated at once when no workers are configured (each uses all cores already).</summary>
    public int InProcessConcurrency { get; init; } = 1;
    public string? ApplicationInsightsConnectionString { get; init; }

    /// <param name="get">Looks a setting up by its Functions name (e.g. <c>Aegis__Workers</c>); null when unset.</param>
    public static AegisSettings FromValues(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        string? Value(string key) => string.IsNullOrWhiteSpace(get(key)) ? null : get(key)!.Trim();
        var storage = StorageConnection.FromValues(get);
        var defaults = new ContainerNames();

        return new AegisSettings
        {
            Storage = storage,
            Workers = SplitList(Value("Aegis__Workers")).Select(u => ParseUrl("Aegis__Workers", u)).ToArray(),
            WorkerKey = Value("Aegis__WorkerKey"),
            ApiKeys = SplitList(Value("Aegis__ApiKeys")).ToArray(),
            DefaultDataset = Value("Aegis__DefaultDataset") ?? "fashion-mnist",
            Containers = new ContainerNames
            {
                Models = Value("Aegis__Containers__Models") ?? defaults.Models,
                Datasets = Value("Aegis__Containers__Datasets") ?? defaults.Datasets,
                Verdicts = Value("Aegis__Containers__Verdicts") ?? defaults.Verdicts,
                Work = Value("Aegis__Containers__Work") ?? defaults.Work,
                Approved = Value("Aegis__Containers__Approved") ?? defaults.Approved,
                Quarantine = Value("Aegis__Containers__Quarantine") ?? defaults.Quarantine,
            },
            Promotion = ParsePromotion(Value("Aegis__Promotion")),
            EventGridEndpoint = Value("Aegis__EventGrid__Endpoint") is { } endpoint ? ParseUrl("Aegis__EventGrid__Endpoint", endpoint) : null,
            EventGridKey = Value("Aegis__EventGrid__Key"),
            MaxAttempts = ParsePositive("Aegis__MaxAttempts", Value("Aegis__MaxAttempts"), 5),
            RetryDelay = TimeSpan.FromSeconds(ParsePositive("Aegis__RetryDelaySeconds", Value("Aegis__RetryDelaySeconds"), 60)),
            TaskHub = Value("Aegis__TaskHub") ?? "aegis",
            Lease = TimeSpan.FromSeconds(ParsePositive("Aegis__LeaseSeconds", Value("Aegis__LeaseSeconds"), 60)),
            PollInterval = TimeSpan.FromSeconds(ParsePositive("Aegis__PollIntervalSeconds", Value("Aegis__PollIntervalSeconds"), 10)),
            CacheDirectory = Value("Aegis__CacheDirectory") ?? DefaultCacheDirectory,
            InProcessConcurrency = ParsePositive("Aegis__InProcessConcurrency", Value("Aegis__InProcessConcurrency"), 1),
            ApplicationInsightsConnectionString = Value(ApplicationInsightsKey),
        };
    }

    /// <summary>Per user, so one user's cache is never another's.</summary>
    private static string DefaultCacheDirectory => Path.Combine(Path.GetTempPath(), $"aegis-cache-{Environment.UserName}");

    private static IEnumerable<string> SplitList(string? value) =>
        (value ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Uri ParseUrl(string key, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"Setting {key}: '{value}' is not an http(s) URL.");

    private static PromotionMode ParsePromotion(string? value) => value?.ToLowerInvariant() switch
    {
        null or "none" => PromotionMode.None,
        "copy" => PromotionMode.Copy,
        "move" => PromotionMode.Move,
        _ => throw new InvalidOperationException($"Setting Aegis__Promotion: '{value}' is not one of none, copy, move."),
    };

    private static int ParsePositive(string key, string? value, int fallback) =>
        value is null ? fallback
        : int.TryParse(value, out var n) && n > 0 ? n
        : throw new InvalidOperationException($"Setting {key}: '{value}' is not a positive whole number.");
}
