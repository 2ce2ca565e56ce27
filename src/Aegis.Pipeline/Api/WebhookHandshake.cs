using Aegis.Pipeline.Configuration;
using Microsoft.AspNetCore.Http;

namespace Aegis.Pipeline.Api;

/// <summary>
/// The CloudEvents webhook handshake (<c>OPTIONS /api/events</c>), for <c>aegis serve</c> and the
/// Functions app alike: answered only for Event Grid's own origin
/// (<see cref="EventGridSettings.AllowedOrigin"/>), so nobody else can enrol the endpoint as theirs.
/// </summary>
public static class WebhookHandshake
{
    public const string OriginHeader = "WebHook-Request-Origin";

    public static IResult Answer(HttpRequest request, EventGridSettings eventGrid)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(eventGrid);
        string? origin = request.Headers[OriginHeader].FirstOrDefault();
        if (!string.Equals(origin, eventGrid.AllowedOrigin, StringComparison.OrdinalIgnoreCase))
            return Results.Problem($"The webhook handshake is answered only for {eventGrid.AllowedOrigin} (Aegis__EventGrid__AllowedOrigin).",
                statusCode: StatusCodes.Status403Forbidden, title: "The request is refused.");
        request.HttpContext.Response.Headers["WebHook-Allowed-Origin"] = eventGrid.AllowedOrigin;
        request.HttpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }
}
