namespace Aegis.Scanning.Orchestration;

public static class ActivityNames
{
    public const string PrepareScan = nameof(PrepareScan);
    public const string TranslateClass = nameof(TranslateClass);
    public const string EmbedAndCluster = nameof(EmbedAndCluster);
    public const string DecideVerdict = nameof(DecideVerdict);
    public const string WriteVerdict = nameof(WriteVerdict);
    public const string Promote = nameof(Promote);
    public const string PublishAlert = nameof(PublishAlert);
    public const string WritePoisonVerdict = nameof(WritePoisonVerdict);
}
