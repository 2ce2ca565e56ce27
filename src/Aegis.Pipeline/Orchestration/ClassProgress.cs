namespace Aegis.Pipeline.Orchestration;

/// <summary>A class's state in a scan: pending, translated or analysed.</summary>
public sealed record ClassProgress(int Label, string State)
{
    public const string Pending = "pending";
    public const string Translated = "translated";
    public const string Analysed = "analysed";
}
