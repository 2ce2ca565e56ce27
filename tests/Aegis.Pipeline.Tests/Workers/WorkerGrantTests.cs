using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Tests.Workers;

public sealed class WorkerGrantTests
{
    private const string Key = "worker-key-0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    internal static TranslationRequest Request(int label, string scanId = "0123456789abcdef01234567") =>
        new(scanId, label, new BlobRef("models", "m.pt", "0x8DE0000000000001"), "fashion-mnist", new ScanParameters { Seeds = 50 });

    [Fact]
    public void A_grant_covers_exactly_the_class_scan_model_and_parameters_it_was_signed_for()
    {
        var signer = new WorkerGrantSigner(Key);
        var grant = signer.Verify(signer.Sign(WorkerGrant.For(Request(3), Now + WorkerGrant.Lifetime)), Now);

        Assert.NotNull(grant);
        Assert.True(grant.Covers(Request(3)));
        Assert.Equal(WorkPaths.Features("0123456789abcdef01234567", 3), grant.Features);
        Assert.False(grant.Covers(Request(4)));
        Assert.False(grant.Covers(Request(3, scanId: "fedcba9876543210fedcba98")));
        Assert.False(grant.Covers(Request(3) with { Dataset = "cifar10" }));
        Assert.False(grant.Covers(Request(3) with { Model = new BlobRef("models", "other.pt", "0x8DE0000000000001") }));
        Assert.False(grant.Covers(Request(3) with { Parameters = new ScanParameters { Seeds = 50, AnomalyThreshold = 1e9 } }));
    }

    [Fact]
    public void An_expired_grant_is_refused_after_the_clock_skew()
    {
        var signer = new WorkerGrantSigner(Key);
        string token = signer.Sign(WorkerGrant.For(Request(3), Now));

        Assert.NotNull(signer.Verify(token, Now + WorkerGrantSigner.ClockSkew));
        Assert.Null(signer.Verify(token, Now + WorkerGrantSigner.ClockSkew + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_grant_signed_with_another_key_or_edited_is_refused()
    {
        var signer = new WorkerGrantSigner(Key);
        string token = new WorkerGrantSigner("another-key-0123456789abcdef").Sign(WorkerGrant.For(Request(3), Now + WorkerGrant.Lifetime));
        Assert.Null(signer.Verify(token, Now));

        // The payload of a genuine grant, re-labelled: the MAC no longer matches.
        string genuine = signer.Sign(WorkerGrant.For(Request(3), Now + WorkerGrant.Lifetime));
        string forged = signer.Sign(WorkerGrant.For(Request(4), Now + WorkerGrant.Lifetime));
        Assert.Null(signer.Verify($"{forged.Split('.')[0]}.{genuine.Split('.')[1]}", Now));

        Assert.Null(signer.Verify(null, Now));
        Assert.Null(signer.Verify("not-a-grant", Now));
        Assert.Null(signer.Verify("a.b.c", Now));
        Assert.Null(signer.Verify("!!!.???", Now));
        Assert.Null(signer.Verify(new string('a', WorkerGrantSigner.MaxTokenLength + 1) + ".b", Now));
    }

    [Fact]
    public void An_inspection_grant_covers_one_model_version_dataset_and_parameters_and_no_translation_grant_passes_for_one()
    {
        var signer = new WorkerGrantSigner(Key);
        var job = new InspectionJob(new BlobRef("models", "m.pt", "0x8DE0000000000001"), "fashion-mnist", new ScanParameters { Seeds = 50 });
        var grant = signer.VerifyInspection(signer.Sign(InspectionGrant.For(job, Now + InspectionGrant.Lifetime)), Now);

        Assert.NotNull(grant);
        Assert.True(grant.Covers(job));
        Assert.False(grant.Covers(job with { Model = job.Model with { ETag = "0x8DE0000000000002" } }));
        Assert.False(grant.Covers(job with { Dataset = "cifar10" }));
        Assert.False(grant.Covers(job with { Parameters = new ScanParameters { Seeds = 50, Robustness = new RobustnessParameters { Enabled = false } } }));
        Assert.Null(signer.VerifyInspection(signer.Sign(InspectionGrant.For(job, Now)), Now + WorkerGrantSigner.ClockSkew + TimeSpan.FromSeconds(1)));

        // The two kinds are signed under different derived keys: neither verifies as the other.
        Assert.Null(signer.VerifyInspection(signer.Sign(WorkerGrant.For(Request(3), Now + WorkerGrant.Lifetime)), Now));
        Assert.Null(signer.Verify(signer.Sign(InspectionGrant.For(job, Now + InspectionGrant.Lifetime)), Now));
    }

    [Fact]
    public void The_grant_does_not_carry_the_key()
    {
        string token = new WorkerGrantSigner(Key).Sign(WorkerGrant.For(Request(3), Now));
        string payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
        Assert.DoesNotContain(Key, payload);
        Assert.DoesNotContain(Key, token);
    }
}
