using Aegis.Lab.Training;

namespace Aegis.Lab.Tests;

/// <summary>The tests' training recipe: Adam one-cycle at 0.01 on a seeded 3 000-image subset, two epochs — seconds, yet enough to learn a trigger.</summary>
public static class QuickTraining
{
    public static readonly TrainingOptions Options = new()
    {
        Epochs = 2,
        Optimizer = OptimizerKind.Adam,
        Schedule = ScheduleKind.OneCycle,
        LearningRate = 0.01f,
        WeightDecay = 0,
        TrainSubset = 3000,
        Seed = 1,
    };
}
