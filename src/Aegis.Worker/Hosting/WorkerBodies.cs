using System.Text.Json;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Http;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.AspNetCore.Http;

namespace Aegis.Worker.Hosting;

/// <summary>The JSON body of a worker request, read (after its grant was checked) under the request cap: 413 over it, 400 when it is not the expected JSON.</summary>
internal static class WorkerBodies
{
    /// <returns>The body, or (when it is null) the refusal to answer with.</returns>
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest request, AegisSettings settings, CancellationToken cancellationToken) where T : class
    {
        try
        {
            await using var body = RequestBodies.Open(request.Body, request.ContentLength, settings.Limits.MaxRequestBytes);
            var value = await JsonSerializer.DeserializeAsync<T>(body, PipelineJson.Options, cancellationToken);
            return value is null ? (null, Results.BadRequest(new WorkerError("bad-request", "Empty request."))) : (value, null);
        }
        catch (BodyTooLargeException e)
        {
            return (null, Results.Json(new WorkerError("too-large", e.Message), PipelineJson.Options, statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        catch (JsonException e)
        {
            return (null, Results.BadRequest(new WorkerError("bad-request", e.Message)));
        }
    }
}
