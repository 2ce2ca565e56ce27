using Aegis.Pipeline.Configuration;

namespace Aegis.Pipeline.Workers;

/// <summary>How hosts talk to the workers: with the workers' key when one is set.</summary>
public static class WorkerHttp
{
    public const string KeyHeader = "x-aegis-worker-key";

    /// <summary>Starting or polling a translation job answers at once.</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An inspection is one request: Container Apps ingress ends any request after 240 seconds.</summary>
    public static readonly TimeSpan InspectionTimeout = TimeSpan.FromSeconds(240);

    /// <summary>Each exchange of a trigger check or Neural Cleanse (its start, each poll) is under the same ingress limit.</summary>
    public static readonly TimeSpan ModelRunTimeout = InspectionTimeout;

    public static HttpClient CreateClient(AegisSettings settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var http = new HttpClient { Timeout = timeout };
        if (settings.WorkerKey is { } key)
            http.DefaultRequestHeaders.Add(KeyHeader, key);
        return http;
    }
}
