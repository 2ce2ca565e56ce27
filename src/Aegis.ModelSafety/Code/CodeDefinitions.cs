namespace Aegis.ModelSafety.Code;

/// <summary>Every class and function the archive's code defines, by qualified name (<c>__torch__.torch.nn.modules.conv.Conv2d</c>).</summary>
internal sealed class CodeDefinitions
{
    public static readonly IReadOnlySet<string> ClassKinds = new HashSet<string>(StringComparer.Ordinal) { "Module", "ModuleInterface", "Interface", "NamedTuple", "Enum" };

    public Dictionary<string, ClassInfo> Classes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (FunctionDef Definition, CodeUnit Unit)> Functions { get; } = new(StringComparer.Ordinal);

    public static CodeDefinitions Collect(IEnumerable<CodeUnit> units)
    {
        var definitions = new CodeDefinitions();
        foreach (var unit in units)
        {
            foreach (var statement in unit.Statements)
            {
                // A second definition of a name is refused by the scanner; the first is the one it checks.
                if (statement is ClassDef cls)
                    definitions.Classes.TryAdd($"{unit.Qualifier}.{cls.Name}", Describe(cls, unit));
                else if (statement is FunctionDef function)
                    definitions.Functions.TryAdd($"{unit.Qualifier}.{function.Name}", (function, unit));
            }
        }
        return definitions;
    }

    /// <summary>Qualifiers of code files that could not be parsed: the model is already unreadable, so names in them are not reported again.</summary>
    public HashSet<string> UnreadableQualifiers { get; } = new(StringComparer.Ordinal);

    public bool IsClass(string qualified) => Classes.ContainsKey(qualified);

    /// <summary>True when a qualified name lives in a code file that could not be parsed.</summary>
    public bool InUnreadableFile(string qualified)
    {
        for (int dot = qualified.LastIndexOf('.'); dot > 0; dot = qualified.LastIndexOf('.', dot - 1))
        {
            if (UnreadableQualifiers.Contains(qualified[..dot]))
                return true;
        }
        return false;
    }

    /// <summary>Resolves an annotation to an archive class, or null for builtin and container types.</summary>
    public TypeRef? Resolve(Expr? annotation) =>
        annotation is not null && DottedPath.Of(annotation) is { } path && Classes.ContainsKey(path) ? new TypeRef(TypeKind.Instance, path) : null;

    private static ClassInfo Describe(ClassDef cls, CodeUnit unit)
    {
        string kind = cls.Bases switch
        {
            [] => "Class",
            [NameExpr { Name: var name }] when ClassKinds.Contains(name) => name,
            _ => "Unsupported",
        };
        var info = new ClassInfo($"{unit.Qualifier}.{cls.Name}", kind, cls, unit);
        foreach (var statement in cls.Body)
        {
            switch (statement)
            {
                case FunctionDef method:
                    info.Methods.TryAdd(method.Name, method);
                    info.Members.Add(method.Name);
                    break;
                case AssignStmt { Target: NameExpr { Name: var name }, Annotation: { } type, Value: null }:
                    info.Attributes.TryAdd(name, type);
                    info.Members.Add(name);
                    break;
                case AssignStmt { Target: NameExpr { Name: var name } }:
                    info.Members.Add(name);
                    break;
                case AssignStmt { Target: SubscriptExpr { Target: NameExpr { Name: "__annotations__" }, Indices: [ConstantExpr { IsString: true, Value: var key }] }, Value: { } keyType }:
                    info.Attributes.TryAdd(key, keyType);
                    info.Members.Add(key);
                    break;
            }
        }
        return info;
    }
}
