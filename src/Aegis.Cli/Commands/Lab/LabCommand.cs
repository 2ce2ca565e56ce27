using System.CommandLine;

namespace Aegis.Cli.Commands.Lab;

/// <summary>`aegis lab`: the attack side of the paper — train (robust, backdoored) models, measure them, look at triggers.</summary>
public static class LabCommand
{
    public static Command Create()
    {
        var command = new Command("lab", "Backdoor lab: train clean or backdoored (robust) models, measure clean accuracy / attack success / adversarial accuracy, and preview the four triggers.");
        command.Subcommands.Add(LabTrainCommand.Create());
        command.Subcommands.Add(LabEvalCommand.Create());
        command.Subcommands.Add(LabTriggerCommand.Create());
        command.Subcommands.Add(LabNeuralCleanseReferenceCommand.Create());
        command.Subcommands.Add(LabCalibrateCommand.Create());
        return command;
    }
}
