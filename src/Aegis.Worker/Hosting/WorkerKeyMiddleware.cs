using System.Security.Cryptography;
using System.Text;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Workers;
using Microsoft.AspNetCore.Http;

namespace Aegis.Worker.Hosting;

/// <summary>
/// With Aegis__WorkerKey set, the worker serves only callers that send it (the Functions app and
/// aegis serve, through <see cref="WorkerHttp"/>); the health route stays open for the platform's probes.
/// </summary>
public sealed class WorkerKeyMiddleware(RequestDelegate next, AegisSettings settings)
{
    public const string HealthPath = "/api/health";

    private readonly byte[]? _key = settings.WorkerKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is not null && !context.Request.Path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase)
            && !CryptographicOperations.FixedTimeEquals(_key, SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers[WorkerHttp.KeyHeader].FirstOrDefault() ?? ""))))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await next(context);
    }
}
