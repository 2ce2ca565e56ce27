using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Aegis.ServiceDefaults.Security;

/// <summary>Where a process takes its keys from and which paths need one.</summary>
/// <param name="Keys">The accepted keys; none accepted means every protected request is refused.</param>
/// <param name="QueryParameter">A query parameter that may carry the key too (the Functions <c>code</c>), or null for the header only.</param>
public sealed record KeyAuthenticationOptions(KeyDigests Keys, string Header = KeyAuthenticationOptions.FunctionsKeyHeader, string? QueryParameter = null)
{
    public const string FunctionsKeyHeader = "x-functions-key";

    /// <summary>Requests under this path need a key.</summary>
    public PathString Protected { get; init; } = "/api";
    /// <summary>Paths under <see cref="Protected"/> open to anyone (the platform's health probe).</summary>
    public IReadOnlyList<PathString> Open { get; init; } = [ServiceDefaultsExtensions.HealthPath];
}

/// <summary>
/// Checks the key before routing and binding, so a request without a valid one gets 401 before a
/// byte of its body is read, whatever the body is (JSON or not, huge, chunked).
/// </summary>
public sealed class KeyAuthenticationMiddleware(RequestDelegate next, KeyAuthenticationOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        bool needsKey = request.Path.StartsWithSegments(options.Protected, StringComparison.OrdinalIgnoreCase)
                        && !options.Open.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
        if (needsKey && !options.Keys.Matches(Key(request)))
        {
            // The connection is not kept for a body nobody will read.
            context.Response.Headers.Connection = "close";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "A valid key is required.",
                Detail = $"Send a key in the {options.Header} header.",
            }, options: null, contentType: "application/problem+json");
            return;
        }
        await next(context);
    }

    private string? Key(HttpRequest request) =>
        request.Headers[options.Header].FirstOrDefault()
        ?? (options.QueryParameter is { } name ? request.Query[name].FirstOrDefault() : null);
}

public static class KeyAuthenticationExtensions
{
    public static IApplicationBuilder UseKeyAuthentication(this IApplicationBuilder app, KeyAuthenticationOptions options) =>
        app.UseMiddleware<KeyAuthenticationMiddleware>(options);
}
