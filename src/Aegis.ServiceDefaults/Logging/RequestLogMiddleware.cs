using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.ServiceDefaults.Logging;

/// <summary>
/// One line per request: method, path, status and time, never the query string (where a key may
/// travel). Control characters in the path (%0A decodes to a line break) are shown as '?', so a
/// request cannot forge log lines.
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

    private static string Printable(PathString path) =>
        string.Create(path.Value?.Length ?? 0, path.Value ?? "", (span, value) =>
        {
            for (int i = 0; i < span.Length; i++)
                span[i] = char.IsControl(value[i]) ? '?' : value[i];
        });
}
