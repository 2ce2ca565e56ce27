namespace Aegis.Sandbox;

/// <summary>
/// A file or folder the sandbox may read (the model, the dataset), under a short name: under
/// bubblewrap it appears at /in/&lt;name&gt; (a folder) or /in/&lt;name&gt;/&lt;file name&gt; (a file) and
/// nothing else of the machine's files does; in a plain process it keeps its own path.
/// </summary>
public sealed record SandboxInput(string Name, string HostPath)
{
    public bool IsDirectory => Directory.Exists(HostPath);

    public string PathUnderBubblewrap => IsDirectory ? $"/in/{Name}" : $"/in/{Name}/{Path.GetFileName(HostPath)}";
}
