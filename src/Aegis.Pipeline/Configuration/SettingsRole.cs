namespace Aegis.Pipeline.Configuration;

/// <summary>Who reads the settings, so each is checked for what it needs: a worker needs its keys, the host its API keys.</summary>
public enum SettingsRole
{
    /// <summary>A command that only talks to storage (<c>aegis upload</c>).</summary>
    StorageClient,
    /// <summary><c>aegis serve</c>: the engine, the trigger and the HTTP API.</summary>
    Host,
    /// <summary>A translation worker.</summary>
    Worker,
    /// <summary>The Functions app: the engine and the triggers; the Functions host checks the API's keys.</summary>
    Functions,
}
