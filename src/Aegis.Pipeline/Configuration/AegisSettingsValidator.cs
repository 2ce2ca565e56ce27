using Aegis.Core.Detection;
using Aegis.Core.IO;
using Microsoft.Extensions.Options;
using Aegis.Pipeline.Policy;

namespace Aegis.Pipeline.Configuration;

/// <summary>
/// Checks the settings at start for what <see cref="SettingsRole"/> needs, and lists every problem
/// naming its setting the way it is written in the environment (<c>Aegis__X__Y</c>). Keys are
/// checked by <see cref="KeyRules"/> and never quoted; neither a key nor a connection string may be a
/// Key Vault reference the platform left unresolved.
/// </summary>
public sealed class AegisSettingsValidator(SettingsRole role) : IValidateOptions<AegisSettings>
{
    public const int MaxUploadSasMinutes = 60;

    public ValidateOptionsResult Validate(string? name, AegisSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Common(options, problems);
        if (role is SettingsRole.Host or SettingsRole.Functions)
            Orchestration(options, problems);
        if (role == SettingsRole.Host)
            Keys("Aegis__ApiKeys", options.ApiKeys, problems, "the HTTP API would accept no request");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Common(AegisSettings s, List<string> problems)
    {
        if (!s.Storage.IsConfigured)
            problems.Add($"{AegisSettings.StorageKey} is missing: set it to a storage connection string (\"UseDevelopmentStorage=true\" or Azurite's for local work), " +
                         $"or {AegisSettings.StorageKey}__accountName (or an https {AegisSettings.StorageKey}__blobServiceUri) for an identity-based connection.");
        var containers = s.Containers;
        foreach (var (setting, value) in new[]
                 {
                     ("Models", containers.Models), ("Datasets", containers.Datasets), ("Verdicts", containers.Verdicts),
                     ("Work", containers.Work), ("Approved", containers.Approved), ("Quarantine", containers.Quarantine),
                 })
        {
            if (!ContainerNames.IsValid(value))
                problems.Add($"Aegis__Containers__{setting}: '{value}' is not a container name (3 to 63 lowercase letters, digits and single hyphens).");
        }
        if (containers.All.Distinct().Count() != containers.All.Count())
            problems.Add("Aegis__Containers__*: every container needs its own name (a model must not land in approved/ by being uploaded).");
        if (BlobNameValidator.Problem(s.DefaultDataset) is { } dataset)
            problems.Add($"Aegis__DefaultDataset: {dataset}.");
        Positive("Aegis__MaxAttempts", s.MaxAttempts, problems);
        Positive("Aegis__RetryDelaySeconds", s.RetryDelaySeconds, problems);
        Positive("Aegis__LeaseSeconds", s.LeaseSeconds, problems);
        Positive("Aegis__PollIntervalSeconds", s.PollIntervalSeconds, problems);
        Positive("Aegis__WorkerConcurrency", s.WorkerConcurrency, problems);
        Positive("Aegis__JobVisibilitySeconds", s.JobVisibilitySeconds, problems);
        Positive("Aegis__MaxJobDequeues", s.MaxJobDequeues, problems);
        Positive("Aegis__JobRecheckSeconds", s.JobRecheckSeconds, problems);
        Positive("Aegis__JobDeadlineMinutes", s.JobDeadlineMinutes, problems);
        Positive("Aegis__CacheMaxBytes", s.CacheMaxBytes, problems);
        if (!IsQueueName(s.JobQueue))
            problems.Add($"Aegis__JobQueue: '{s.JobQueue}' is not a queue name (3 to 58 lowercase letters, digits and single hyphens; '-done' is added for completions).");
        if (s.WorkerId.Length is 0 or > 128 || s.WorkerId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            problems.Add("Aegis__WorkerId: 1 to 128 visible characters without spaces.");
        if (s.HostId is { } host && (host.Length is 0 or > 128 || host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
            problems.Add("Aegis__HostId: 1 to 128 visible characters without spaces.");
        Positive("Aegis__Limits__MaxModelBytes", s.Limits.MaxModelBytes, problems);
        Positive("Aegis__Limits__MaxModelPutBytes", s.Limits.MaxModelPutBytes, problems);
        Positive("Aegis__Limits__MaxSidecarBytes", s.Limits.MaxSidecarBytes, problems);
        Positive("Aegis__Limits__MaxDatasetBytes", s.Limits.MaxDatasetBytes, problems);
        Positive("Aegis__Limits__MaxDatasetFiles", s.Limits.MaxDatasetFiles, problems);
        Positive("Aegis__Limits__MaxRequestBytes", s.Limits.MaxRequestBytes, problems);
        if (s.UploadSasMinutes is < 1 or > MaxUploadSasMinutes)
            problems.Add($"Aegis__UploadSasMinutes: {s.UploadSasMinutes} is not between 1 and {MaxUploadSasMinutes} (an upload URL is meant to be short-lived).");
        foreach (var (setting, value) in new[]
                 {
                     (AegisSettings.StorageKey, s.Storage.ConnectionString), ("Aegis__EventGrid__Key", s.EventGrid.Key),
                     (AegisSettings.ApplicationInsightsKey, s.ApplicationInsightsConnectionString),
                 })
        {
            if (KeyRules.UnresolvedReferenceProblem(setting, value) is { } unresolved)
                problems.Add(unresolved);
        }
        if (s.TaskHub.Length is < 3 or > 45 || !char.IsAsciiLetter(s.TaskHub[0]) || !s.TaskHub.All(char.IsAsciiLetterOrDigit))
            problems.Add($"Aegis__TaskHub: '{s.TaskHub}' is not a task hub name (3 to 45 letters and digits, a letter first).");
        if (!string.IsNullOrWhiteSpace(s.EventGrid.Endpoint))
        {
            if (!Uri.TryCreate(s.EventGrid.Endpoint, UriKind.Absolute, out var endpoint) || !IsHttpUrl(endpoint))
                problems.Add($"Aegis__EventGrid__Endpoint: '{s.EventGrid.Endpoint}' is not an http(s) URL.");
        }
    }

    /// <summary>What a host that runs scans needs: a sound scan policy.</summary>
    private static void Orchestration(AegisSettings s, List<string> problems)
    {
        foreach (var problem in s.Scan.Validate())
            problems.Add($"Aegis__Scan: {problem}");
        if (PipelineDetectors.Problem(s.Scan) is { } unsupported)
            problems.Add($"Aegis__Scan__Detector: {unsupported}");
        if (s.Scan.Classes is not null)
            problems.Add("Aegis__Scan__Classes must be left out: a scan that may promote a model scans every class.");
    }

    /// <summary>A queue name (3 to 63 characters) that still is one with "-done" added.</summary>
    private static bool IsQueueName(string name) => name.Length <= 58 && ContainerNames.IsValid(name);

    private static void Keys(string setting, IReadOnlyList<string> keys, List<string> problems, string consequence)
    {
        if (keys.Count == 0)
            problems.Add($"{setting} is empty: {consequence}; generate a key (e.g. openssl rand -hex 32).");
        for (int i = 0; i < keys.Count; i++)
            if (KeyRules.Problem(keys.Count == 1 ? setting : $"{setting} (key {i + 1})", keys[i]) is { } problem)
                problems.Add(problem);
    }

    private static void Positive(string setting, long value, List<string> problems)
    {
        if (value <= 0)
            problems.Add($"{setting}: {value} is not a positive number.");
    }

    private static bool IsHttpUrl(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
