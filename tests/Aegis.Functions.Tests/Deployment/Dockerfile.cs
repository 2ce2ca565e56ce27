
namespace Aegis.Functions.Tests.Deployment;

/// <summary>The repository's Dockerfile read into its stages and instructions (enough of the syntax for this file: no line continuations, exec-form ENTRYPOINT).</summary>
internal sealed class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    }

    private Dockerfile(IReadOnlyList<Stage> stages, IReadOnlyDictionary<string, string> globalArguments)
    {
        Stages = stages;
        GlobalArguments = globalArguments;
    }

    public IReadOnlyList<Stage> Stages { get; }
    /// <summary>ARG defaults declared before the first FROM.</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }
    public Stage Final => Stages[^1];

    public static string Path => System.IO.Path.Combine(RepoPaths.Root, "Dockerfile");

    public static Dockerfile Read()
    {
        var stages = new List<Stage>();
        var arguments = new Dictionary<string, string>();
        List<Instruction>? current = null;
        foreach (string raw in File.ReadAllLines(Path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            Assert.False(line.EndsWith('\\'), "line continuations are not expected in the Dockerfile");
            int space = line.IndexOf(' ');
            var instruction = new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (instruction.Keyword == "FROM")
            {
                string[] parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = [];
                stages.Add(new Stage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, current));
            }
            else if (current is null)
            {
                Assert.Equal("ARG", instruction.Keyword);
                string[] pair = instruction.Arguments.Split('=', 2);
                arguments[pair[0]] = pair.Length == 2 ? pair[1] : "";
            }
            else
            {
                current.Add(instruction);
            }
        }
        return new Dockerfile(stages, arguments);
    }

    /// <summary>COPY arguments split into options (--from=…) and paths, the last path being the destination.</summary>
    public static (IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> Sources, string Destination) ParseCopy(Instruction copy)
    {
        var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var options = words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal))
            .Select(w => w[2..].Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : "");
        var paths = words.Skip(options.Count).ToArray();
        return (options, paths[..^1], paths[^1]);
    }

    /// <summary>The exec-form ENTRYPOINT of the final stage.</summary>
    public IReadOnlyList<string> Entrypoint =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(Assert.Single(Final.All("ENTRYPOINT")).Arguments)!;

    public int ExposedPort => int.Parse(Assert.Single(Final.All("EXPOSE")).Arguments);
}
