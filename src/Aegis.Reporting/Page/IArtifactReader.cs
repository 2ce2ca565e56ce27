namespace Aegis.Reporting.Page;

/// <summary>Reads a scan artifact by its path relative to the verdict (as listed in verdict.json); null when it is not there.</summary>
public interface IArtifactReader
{
    byte[]? Read(string relativePath);
}
