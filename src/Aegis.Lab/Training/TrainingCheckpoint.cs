using System.Text.Json;
using Aegis.Lab.Architectures;

namespace Aegis.Lab.Training;

/// <summary>
/// The state after a finished epoch: network weights, optimizer state (momentum buffers or Adam
/// moments), the epoch and the run's fingerprint (options + data), so an interrupted run resumes
/// from its last finished epoch and refuses a checkpoint of a different run.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string StateFile = "state.json";

    private readonly string _directory;

    public TrainingCheckpoint(string directory)
    {
        _directory = directory;
    }

    private sealed record State(int CompletedEpochs, int Seed, string Fingerprint, string Weights, string Optimizer);

    /// <summary>Loads the last finished epoch into the network and optimizer; returns how many epochs are done (0 when there is no checkpoint).</summary>
    public int Restore(LabNetwork network, TorchSharp.Modules.OptimizerHelper optimizer, string fingerprint)
    {
        var statePath = Path.Combine(_directory, StateFile);
        if (!File.Exists(statePath))
            return 0;
        var state = JsonSerializer.Deserialize<State>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath}: empty checkpoint state.");
        if (state.Fingerprint != fingerprint)
            throw new InvalidOperationException(
                $"{_directory} holds a checkpoint of a different training run (other options or data). Delete it or choose another output folder.");
        network.load(Path.Combine(_directory, state.Weights));
        optimizer.load_state_dict(Path.Combine(_directory, state.Optimizer));
        return state.CompletedEpochs;
    }

    public void Save(LabNetwork network, TorchSharp.Modules.OptimizerHelper optimizer, int completedEpochs, int seed, string fingerprint)
    {
        Directory.CreateDirectory(_directory);
        string weights = $"epoch-{completedEpochs}.weights";
        string optimizerFile = $"epoch-{completedEpochs}.optimizer";
        network.save(Path.Combine(_directory, weights));
        optimizer.save_state_dict(Path.Combine(_directory, optimizerFile));

        // The state file is replaced atomically last, so a crash mid-save leaves the previous epoch usable.
        var temp = Path.Combine(_directory, StateFile + ".tmp");
        File.WriteAllText(temp, JsonSerializer.Serialize(new State(completedEpochs, seed, fingerprint, weights, optimizerFile)));
        File.Move(temp, Path.Combine(_directory, StateFile), overwrite: true);

        foreach (var old in Directory.GetFiles(_directory, "epoch-*"))
        {
            var name = Path.GetFileName(old);
            if (name != weights && name != optimizerFile)
                File.Delete(old);
        }
    }
}
