namespace Aegis.Lab.Training;

/// <summary>
/// Progress of a training run after one batch: 1-based epoch, running loss and accuracy of the
/// epoch so far (on the adversarial examples when training adversarially).
/// <paramref name="EpochCompleted"/> marks the report sent once the epoch's checkpoint is written.
/// </summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, bool EpochCompleted);
