namespace Aegis.Pipeline.Api;

/// <summary>POST /api/scans answer (202): the scan's id, whether this request created it, and where to follow it.</summary>
public sealed record ScanAccepted(string Id, bool Created, string StatusUrl, string VerdictUrl)
{
    /// <summary>Set when the request's parameters differ from the server's policy: the verdict will be advisory and never promote the model.</summary>
    public string? AdvisoryReason { get; init; }
}
