namespace Aegis.Pipeline.Orchestration;

/// <summary>A class's state in a scan: pending, queued on the workers, scanned, or failed.</summary>
public sealed record ClassProgress(int Label, string State)
{
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string Scanned = "scanned";
    public const string Failed = "failed";

    /// <summary>One letter per state in the orchestration's custom status, which must stay small for any class count.</summary>
    internal static char Letter(string state) => state switch { Queued => 'q', Scanned => 's', Failed => 'x', _ => '.' };

    internal static string StateOf(char letter) => letter switch { 'q' => Queued, 's' => Scanned, 'x' => Failed, _ => Pending };
}
