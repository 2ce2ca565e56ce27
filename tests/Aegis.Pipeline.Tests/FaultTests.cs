using System.Net.Http.Json;
using System.Text.Json;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;
using Aegis.Pipeline.Trigger;
using Azure.Storage.Blobs;

namespace Aegis.Pipeline.Tests;

/// <summary>Duplicate deliveries and hostile uploads against one in-process host.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FaultTests(PipelineFixture fixture)
{
    [Fact]
    public async Task RedeliveredBlobsStartOneScanAndBadInputsGetErrorVerdictsWhileTheHostKeepsServing()
    {
        using var scenario = new Scenario(fixture, "faults");
        string tiny = await UploadTinyDatasetAsync(fixture, 32);
        await scenario.StartHostAsync();
        using var api = scenario.Api();
        var twoClasses = Scenario.TinyParameters with { Classes = [0, 1] };

        // Hostile inputs first, so the good scan below runs after the host has survived them.
        await scenario.Models.GetBlobClient("garbage.pt").UploadAsync(BinaryData.FromBytes(Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray()));
        await scenario.UploadModelAsync("nodata.pt", Path.Combine(RepoPaths.FixtureModels, "robust_local.pt"), twoClasses, dataset: "no-such-dataset");
        await scenario.UploadModelAsync("shapes.pt", Path.Combine(RepoPaths.FixtureModels, "robust_local.pt"), twoClasses, dataset: tiny);

        Assert.Equal(ErrorCodes.ModelUnreadable, (await scenario.WaitForVerdictAsync("garbage", TimeSpan.FromMinutes(3))).Error?.Code);
        Assert.Equal(ErrorCodes.DatasetInvalid, (await scenario.WaitForVerdictAsync("nodata", TimeSpan.FromMinutes(3))).Error?.Code);
        Assert.Equal(ErrorCodes.DatasetMismatch, (await scenario.WaitForVerdictAsync("shapes", TimeSpan.FromMinutes(3))).Error?.Code);

        // The same blob delivered by Event Grid (both schemas), the API and the poll: one scan.
        var model = await scenario.UploadModelAsync("dup.pt", Path.Combine(RepoPaths.FixtureModels, "robust_clean.pt"), twoClasses);
        string url = scenario.Models.GetBlobClient("dup.pt").Uri.ToString();
        string id = ScanIds.For(model);
        var eventGrid = $$$"""[{"id":"1","topic":"t","subject":"s","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2024-01-01T00:00:00Z","dataVersion":"1","data":{"api":"PutBlob","url":"{{{url}}}","eTag":"{{{model.ETag}}}","contentType":"application/octet-stream","contentLength":1,"blobType":"BlockBlob"}}]""";
        var cloudEvent = $$$"""{"specversion":"1.0","id":"2","source":"/s","type":"Microsoft.Storage.BlobCreated","time":"2024-01-01T00:00:00Z","data":{"api":"PutBlob","url":"{{{url}}}","eTag":"{{{model.ETag}}}","blobType":"BlockBlob"}}""";
        for (int round = 0; round < 2; round++)
        {
            Assert.Contains(id, await (await api.PostAsync("/api/events", PipelineScanTests.JsonContent(eventGrid))).Content.ReadAsStringAsync());
            Assert.Contains(id, await (await api.PostAsync("/api/events", PipelineScanTests.JsonContent(cloudEvent))).Content.ReadAsStringAsync());
            var accepted = await api.PostAsJsonAsync("/api/scans", new { model = "dup.pt" });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal(id, JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        }

        var verdict = await scenario.WaitForVerdictAsync("dup", TimeSpan.FromMinutes(4));
        Assert.NotEqual(VerdictKinds.Error, verdict.Verdict);
        Assert.Equal(2, verdict.Classes.Count);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more polls must not start anything
        Assert.Single(await scenario.VerdictBlobsAsync("dup"));
        Assert.Equal(4, (await scenario.InstanceIdsAsync()).Count);

        var status = await api.GetFromJsonAsync<JsonElement>($"/api/scans/{id}");
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.All(status.GetProperty("classes").EnumerateArray(), c => Assert.Equal("scanned", c.GetProperty("state").GetString()));
        var fromApi = await api.GetFromJsonAsync<JsonElement>($"/api/scans/{id}/verdict");
        Assert.Equal(verdict.Verdict, fromApi.GetProperty("verdict").GetString());
        var report = await api.GetAsync($"/api/scans/{id}/report");
        Assert.Equal(System.Net.HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<header class=\"verdict {verdict.Verdict}\">", await report.Content.ReadAsStringAsync());
        using (var anonymous = new HttpClient { BaseAddress = api.BaseAddress })
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/scans/{id}/report")).StatusCode);

        var validation = await api.PostAsync("/api/events", PipelineScanTests.JsonContent(
            """[{"id":"3","topic":"t","subject":"s","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2024-01-01T00:00:00Z","dataVersion":"1","data":{"validationCode":"abc-123"}}]"""));
        // No Aegis__EventGrid__ExpectedTopic here: no subscription handshake is answered (HostRequestTests answers one for the expected topic).
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, validation.StatusCode);
        Assert.DoesNotContain("abc-123", await validation.Content.ReadAsStringAsync());
        Assert.False(scenario.Host!.HasExited);
    }

    /// <summary>A real IDX dataset of the wrong image size (size x size), 20 images in 10 classes.</summary>
    private static async Task<string> UploadTinyDatasetAsync(PipelineFixture fixture, int size)
    {
        string name = $"tiny{size}-{Guid.NewGuid():N}"[..16];
        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient("datasets");
        const int count = 20;
        byte[] Images()
        {
            var bytes = new List<byte>();
            foreach (int v in new[] { 0x803, count, size, size })
                bytes.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v)));
            bytes.AddRange(Enumerable.Range(0, count * size * size).Select(i => (byte)(i % 251)));
            return bytes.ToArray();
        }
        byte[] Labels()
        {
            var bytes = new List<byte>();
            foreach (int v in new[] { 0x801, count })
                bytes.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v)));
            bytes.AddRange(Enumerable.Range(0, count).Select(i => (byte)(i % 10)));
            return bytes.ToArray();
        }
        foreach (var split in new[] { "train", "t10k" })
        {
            await container.GetBlobClient($"{name}/{split}-images-idx3-ubyte").UploadAsync(BinaryData.FromBytes(Images()), overwrite: true);
            await container.GetBlobClient($"{name}/{split}-labels-idx1-ubyte").UploadAsync(BinaryData.FromBytes(Labels()), overwrite: true);
        }
        return name;
    }
}
