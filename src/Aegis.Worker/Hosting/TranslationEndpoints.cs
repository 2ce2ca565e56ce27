using System.Text.Json;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Http;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.AspNetCore.Http;

namespace Aegis.Worker.Hosting;

/// <summary>
/// The worker's routes. The key was checked before routing (401); starting a translation also needs
/// a grant from the host for exactly that class, checked before the body is read (401), then the
/// body is read under the request cap (413), checked like any untrusted input (400) and compared
/// with the grant (403). Nothing outside the grant is read or written.
/// </summary>
public static class TranslationEndpoints
{
    public static async Task<IResult> StartAsync(HttpContext http, TranslationJobs jobs, WorkerGrantVerifier grants, AegisSettings settings, CancellationToken cancellationToken)
    {
        var grant = grants.Verify(http.Request.Headers[WorkerGrantSigner.Header].FirstOrDefault());
        if (grant is null)
            return Problem(StatusCodes.Status401Unauthorized, "A valid grant is required.",
                $"Send the host's grant for this class in the {WorkerGrantSigner.Header} header; it is signed with a worker key and expires after {WorkerGrant.Lifetime.TotalMinutes:F0} minutes.");

        TranslationRequest? request;
        try
        {
            await using var body = RequestBodies.Open(http.Request.Body, http.Request.ContentLength, settings.Limits.MaxRequestBytes);
            request = await JsonSerializer.DeserializeAsync<TranslationRequest>(body, PipelineJson.Options, cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", e.Message);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid.", $"The body is not a translation request: {e.Message}");
        }
        if (request is null)
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid.", "Empty request.");
        if (request.Problem(settings.Containers.Models) is { } problem)
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid.", problem);
        if (!grant.Covers(request))
            return Problem(StatusCodes.Status403Forbidden, "The grant does not cover this request.",
                $"The grant is for class {grant.Label} of scan {grant.ScanId} (model {grant.Model}, dataset {grant.Dataset}) with its parameters; the request asks for something else.");

        var job = jobs.Start(request, $"{http.Request.Scheme}://{http.Request.Host}");
        return Results.Json(job, PipelineJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    public static IResult Get(string id, TranslationJobs jobs) =>
        jobs.Get(id) is { } job ? Results.Json(job, PipelineJson.Options) : Results.NotFound();

    public static IResult Running(TranslationJobs jobs) => Results.Json(jobs.Running(), PipelineJson.Options);

    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail, statusCode: status, title: title);
}
