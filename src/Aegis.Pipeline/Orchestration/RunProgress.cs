namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// The scan orchestration's custom status: the stage, the run, the model, and the state of every class
/// packed into one letter each (<see cref="ClassProgress"/>), so it stays far below the engine's 16 KB
/// limit at the largest class count (1,000 classes: about 5 KB).
/// </summary>
public sealed record RunProgress
{
    public required string Stage { get; init; }
    /// <summary>1 for the first run; more after transient failures (see <see cref="RunPolicy"/>).</summary>
    public int Run { get; init; } = 1;
    public Storage.BlobRef? Model { get; init; }
    /// <summary>The scanned classes in order, as ranges ("0-9", "1,3,5-7").</summary>
    public string ClassList { get; init; } = "";
    /// <summary>One state letter per class of <see cref="ClassList"/>.</summary>
    public string ClassStates { get; init; } = "";
    public string? LastFailure { get; init; }

    /// <summary>Every class with its state, for the status API.</summary>
    public IReadOnlyList<ClassProgress> Classes()
    {
        var labels = ClassRanges.Parse(ClassList);
        return labels.Select((label, i) => new ClassProgress(label, ClassProgress.StateOf(i < ClassStates.Length ? ClassStates[i] : '.'))).ToArray();
    }
}
