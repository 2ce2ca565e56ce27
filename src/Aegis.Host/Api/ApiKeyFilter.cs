using System.Security.Cryptography;
using System.Text;
using Aegis.Scanning.Configuration;
using Microsoft.AspNetCore.Http;

namespace Aegis.Host.Api;

/// <summary>
/// Function keys: every API request needs one of Aegis__ApiKeys in the x-functions-key header
/// or the code query parameter. No key configured means no access at all.
/// </summary>
public sealed class ApiKeyFilter(AegisSettings settings) : IEndpointFilter
{
    public const string Header = "x-functions-key";
    public const string Query = "code";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        string? key = request.Headers[Header].FirstOrDefault() ?? request.Query[Query].FirstOrDefault();
        if (string.IsNullOrEmpty(key) || !settings.ApiKeys.Any(k => Matches(k, key)))
            return Results.Json(new { error = "A valid key is required (x-functions-key header or code query parameter)." }, statusCode: StatusCodes.Status401Unauthorized);
        return await next(context);
    }

    private static bool Matches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
