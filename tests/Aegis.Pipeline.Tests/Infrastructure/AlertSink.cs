using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Tests.Infrastructure;

/// <summary>A loopback HTTP endpoint standing in for an Event Grid topic: records every delivery.</summary>
internal sealed class AlertSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Delivery(string? SasKey, string ContentType, string Body);

    public AlertSink()
    {
        Url = new Uri($"http://127.0.0.1:{RepoPaths.FreePort()}/api/events");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Url.Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/api/events", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            Deliveries.Enqueue(new Delivery(request.Headers["aeg-sas-key"].FirstOrDefault(), request.ContentType ?? "", await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public Uri Url { get; }
    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
