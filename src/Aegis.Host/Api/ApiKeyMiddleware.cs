using System.Security.Cryptography;
using System.Text;
using Aegis.Scanning.Configuration;
using Microsoft.AspNetCore.Http;

namespace Aegis.Host.Api;

/// <summary>
/// Function keys, checked before routing and binding, so a request without one of Aegis__ApiKeys
/// (x-functions-key header or code query parameter) gets 401 before a byte of its body is read.
/// No key configured means no access at all. Keys are compared as hashes, in fixed time.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, AegisSettings settings)
{
    public const string Header = "x-functions-key";
    public const string Query = "code";

    private readonly byte[][] _keys = settings.ApiKeys.Select(Hash).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !Authorized(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "A valid key is required.",
                Detail = $"Send one of the API keys in the {Header} header.",
            }, options: null, contentType: "application/problem+json");
            return;
        }
        await next(context);
    }

    private bool Authorized(HttpRequest request)
    {
        string? key = request.Headers[Header].FirstOrDefault() ?? request.Query[Query].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
            return false;
        var given = Hash(key);
        bool match = false;
        foreach (var expected in _keys)
            match |= CryptographicOperations.FixedTimeEquals(expected, given);
        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
