using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// Signs and verifies the grants a host gives its workers (<see cref="WorkerGrant"/> for a class's
/// translation, <see cref="InspectionGrant"/> for a model's inspection, <see cref="ModelRunGrant"/>
/// for a trigger check or Neural Cleanse) with HMAC-SHA256 under keys
/// derived from the worker key, one per kind of grant (so the grant never carries the key, and one
/// kind cannot pass for the other): <c>base64url(json).base64url(mac)</c>. MACs are compared in
/// fixed time, so the comparison tells nothing about how close a forged one came.
/// </summary>
public sealed class WorkerGrantSigner
{
    public const string Header = "x-aegis-grant";
    /// <summary>Headers longer than this are not grants; nothing larger is decoded.</summary>
    public const int MaxTokenLength = 4096;
    /// <summary>Clock difference tolerated between a host and its workers.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private readonly byte[] _translationKey;
    private readonly byte[] _inspectionKey;
    private readonly byte[] _modelRunKey;

    public WorkerGrantSigner(string workerKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerKey);
        byte[] key = Encoding.UTF8.GetBytes(workerKey);
        _translationKey = HMACSHA256.HashData(key, "aegis-worker-grant-v1"u8);
        _inspectionKey = HMACSHA256.HashData(key, "aegis-inspection-grant-v1"u8);
        _modelRunKey = HMACSHA256.HashData(key, "aegis-model-run-grant-v1"u8);
    }

    public string Sign(WorkerGrant grant) => Sign(grant, _translationKey);

    public string Sign(InspectionGrant grant) => Sign(grant, _inspectionKey);

    public string Sign(ModelRunGrant grant) => Sign(grant, _modelRunKey);

    /// <summary>The translation grant in <paramref name="token"/> when this key signed it and it has not expired at <paramref name="now"/>; otherwise null.</summary>
    public WorkerGrant? Verify(string? token, DateTimeOffset now) =>
        Verify<WorkerGrant>(token, _translationKey) is { } grant && grant.ExpiresAt + ClockSkew >= now ? grant : null;

    /// <summary>The inspection grant in <paramref name="token"/> when this key signed it and it has not expired at <paramref name="now"/>; otherwise null.</summary>
    public InspectionGrant? VerifyInspection(string? token, DateTimeOffset now) =>
        Verify<InspectionGrant>(token, _inspectionKey) is { } grant && grant.ExpiresAt + ClockSkew >= now ? grant : null;

    /// <summary>The model-run grant in <paramref name="token"/> when this key signed it and it has not expired at <paramref name="now"/>; otherwise null.</summary>
    public ModelRunGrant? VerifyModelRun(string? token, DateTimeOffset now) =>
        Verify<ModelRunGrant>(token, _modelRunKey) is { } grant && grant.ExpiresAt + ClockSkew >= now ? grant : null;

    private static string Sign<T>(T grant, byte[] macKey)
    {
        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(grant, PipelineJson.Options);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(macKey, payload))}";
    }

    private static T? Verify<T>(string? token, byte[] macKey) where T : class
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.Split('.') is not [var body, var mac])
            return null;
        byte[] payload, given;
        try
        {
            payload = Base64Url.DecodeFromChars(body);
            given = Base64Url.DecodeFromChars(mac);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(macKey, payload), given))
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(payload, PipelineJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
