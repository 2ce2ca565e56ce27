using Microsoft.Extensions.Logging;

namespace Aegis.ServiceDefaults.Logging;

/// <summary>
/// Keeps URLs with their query strings out of the logs: a key sent as <c>?code=</c> would otherwise
/// be printed by ASP.NET Core's "Request starting …" line and by HttpClient's request logs, both at
/// Information. Those categories are held at Warning (set here, after the configuration's rules,
/// so they win over a configured level for the same category), and <see cref="RequestLogMiddleware"/>
/// logs each request by its path only.
/// </summary>
public static class UrlSafeLogging
{
    public static readonly IReadOnlyList<string> UrlCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.HttpLogging",
        "System.Net.Http.HttpClient",
    ];

    public static ILoggingBuilder AddUrlSafeFilters(this ILoggingBuilder logging)
    {
        foreach (var category in UrlCategories)
            logging.AddFilter(category, LogLevel.Warning);
        return logging;
    }
}
