namespace Aegis.Scanning.Api;

/// <summary>POST /api/scans answer (202): the scan's id, whether this request created it, and where to follow it.</summary>
public sealed record ScanAccepted(string Id, bool Created, string StatusUrl, string VerdictUrl);
