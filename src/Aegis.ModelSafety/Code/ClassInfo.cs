namespace Aegis.ModelSafety.Code;

/// <summary>A class defined by the archive's code: its kind (Module, Interface, …), attribute annotations and methods.</summary>
internal sealed class ClassInfo(string qualified, string kind, ClassDef definition, CodeUnit unit)
{
    public string Qualified { get; } = qualified;

    /// <summary>Module, ModuleInterface, Interface, NamedTuple, Enum, or Class (no base).</summary>
    public string Kind { get; } = kind;

    public ClassDef Definition { get; } = definition;
    public CodeUnit Unit { get; } = unit;
    public Dictionary<string, Expr> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FunctionDef> Methods { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
}
