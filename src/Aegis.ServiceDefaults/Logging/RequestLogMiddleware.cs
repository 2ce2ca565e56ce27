using System.Diagnostics;
using Aegis.Core.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.ServiceDefaults.Logging;

/// <summary>
/// One line per request: method, path, status and time, never the query string (where a key may
/// travel). The path is shown as untrusted text (%0A decodes to a line break; a path can be long),
/// so a request can neither forge log lines nor flood them.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        finally
        {
            logger.LogInformation("HTTP {Method} {Path} {Status} in {Milliseconds:F0} ms",
                context.Request.Method, Printable(context.Request.PathBase + context.Request.Path), context.Response.StatusCode, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Longer than any route of the API with a model name in it, short enough for a log line.</summary>
    internal const int MaxPathLength = 300;

    internal static string Printable(PathString path) => UntrustedText.Quote(path.Value, MaxPathLength);
}
