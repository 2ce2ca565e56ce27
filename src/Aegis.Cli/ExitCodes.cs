using Aegis.Core.Verdicts;

namespace Aegis.Cli;

/// <summary>The exit codes of DESIGN.md; pipelines gate on them.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Backdoored = 1;
    public const int ScanError = 2;
    public const int NotApplicable = 3;
    public const int Usage = 4;

    public static int For(ScanVerdict verdict) => verdict.Verdict switch
    {
        VerdictKinds.Clean => Clean,
        VerdictKinds.Backdoored => Backdoored,
        VerdictKinds.NotApplicable => NotApplicable,
        _ => ScanError,
    };
}
