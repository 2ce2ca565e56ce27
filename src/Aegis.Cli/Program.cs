using System.CommandLine;
using Aegis.Cli;
using Aegis.Cli.Commands;
using Aegis.Cli.Commands.Lab;
using Aegis.Cli.Commands.Pipeline;

var root = new RootCommand("Aegis Functions: finds backdoors in trained image classifiers with the AEGIS method (PGD translation on a robust model, penultimate features, t-SNE, mean shift).");
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(TraceCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(LabCommand.Create());
foreach (var command in PipelineCommands.Create())
    root.Subcommands.Add(command);

return await CommandLineRunner.RunAsync(root, args);
