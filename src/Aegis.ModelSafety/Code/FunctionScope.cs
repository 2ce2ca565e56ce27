namespace Aegis.ModelSafety.Code;

/// <summary>
/// The locals of one function and the archive types the checker can prove for them. A local has a
/// type only when every assignment to it (and its parameter annotation) yields the same archive
/// class or function; any other assignment makes it unknown. TorchScript types are static, so a
/// proven type is the one the compiler dispatches method calls on.
/// </summary>
internal sealed class FunctionScope
{
    private const int MaxPasses = 8;
    private readonly CodeDefinitions _definitions;
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal);
    private Dictionary<string, TypeRef?> _types = new(StringComparer.Ordinal);

    private FunctionScope(CodeDefinitions definitions) => _definitions = definitions;

    /// <summary>An empty scope, for default values and class constants.</summary>
    public static FunctionScope Empty(CodeDefinitions definitions) => new(definitions);

    public static FunctionScope For(FunctionDef function, ClassInfo? owner, CodeDefinitions definitions)
    {
        var scope = new FunctionScope(definitions);
        var parameters = new Dictionary<string, TypeRef?>(StringComparer.Ordinal);
        for (int i = 0; i < function.Parameters.Count; i++)
        {
            var parameter = function.Parameters[i];
            scope._locals.Add(parameter.Name);
            parameters[parameter.Name] = i == 0 && owner is not null
                ? new TypeRef(TypeKind.Instance, owner.Qualified)
                : definitions.Resolve(parameter.Annotation);
        }
        // Each pass types assignments with the facts proven by the previous one, starting from the
        // parameters alone; a fact is only claimed when every assignment agrees, so each pass stays
        // sound. Chains like `a = self.layer1; b = a.conv` settle in one pass per link.
        scope._types = parameters;
        for (int pass = 0; pass < MaxPasses; pass++)
        {
            var types = new Dictionary<string, TypeRef?>(parameters, StringComparer.Ordinal);
            scope.Collect(function.Body, types);
            bool settled = types.Count == scope._types.Count && types.All(t => scope._types.TryGetValue(t.Key, out var before) && before == t.Value);
            scope._types = types;
            if (settled)
                break;
        }
        return scope;
    }

    public bool IsLocal(string name) => _locals.Contains(name);

    /// <summary>The archive type <paramref name="expr"/> certainly has, or null.</summary>
    public TypeRef? TypeOf(Expr expr)
    {
        switch (expr)
        {
            case NameExpr name:
                return _types.GetValueOrDefault(name.Name);
            case AttributeExpr when DottedPath.Of(expr) is { } path && path.StartsWith("__torch__.", StringComparison.Ordinal):
                if (_definitions.Functions.ContainsKey(path))
                    return new TypeRef(TypeKind.Function, path);
                return _definitions.IsClass(path) ? new TypeRef(TypeKind.Class, path) : null;
            case AttributeExpr attribute:
                return AttributeType(TypeOf(attribute.Target), attribute.Name);
            case CallExpr { Function: NameExpr { Name: "getattr" }, Arguments: [var target, ConstantExpr { IsString: true, Value: var field }] }:
                return AttributeType(TypeOf(target), field);
            case CallExpr { Function: NameExpr { Name: "unchecked_cast" or "annotate" }, Arguments: [var type, _] }:
                return _definitions.Resolve(type);
            case CallExpr call:
                return ResultType(call);
            default:
                return null;
        }
    }

    /// <summary>The class whose methods a call on <paramref name="type"/> reaches (instances only).</summary>
    public ClassInfo? ClassOf(TypeRef? type) =>
        type is { Kind: TypeKind.Instance } && _definitions.Classes.TryGetValue(type.Qualified, out var info) ? info : null;

    private TypeRef? AttributeType(TypeRef? owner, string field) =>
        ClassOf(owner) is { } cls && cls.Attributes.TryGetValue(field, out var annotation) ? _definitions.Resolve(annotation) : null;

    private TypeRef? ResultType(CallExpr call)
    {
        if (call.Function is AttributeExpr { Target: var receiver, Name: var method } && ClassOf(TypeOf(receiver)) is { } cls)
            return cls.Methods.TryGetValue(method, out var def) ? _definitions.Resolve(def.Returns) : null;
        return TypeOf(call.Function) switch
        {
            { Kind: TypeKind.Class } created => created with { Kind = TypeKind.Instance },
            { Kind: TypeKind.Function } function => _definitions.Functions.TryGetValue(function.Qualified, out var def) ? _definitions.Resolve(def.Definition.Returns) : null,
            _ => null,
        };
    }

    private void Collect(IReadOnlyList<Stmt> statements, Dictionary<string, TypeRef?> types)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStmt { Target: NameExpr name } assign:
                    Merge(types, name.Name, assign.Annotation is not null ? _definitions.Resolve(assign.Annotation) : assign.Value is null ? null : TypeOf(assign.Value));
                    break;
                case AssignStmt assign:
                    Unknown(types, assign.Target);
                    break;
                case AugAssignStmt augmented:
                    Unknown(types, augmented.Target);
                    break;
                case ForStmt loop:
                    Unknown(types, loop.Target);
                    Collect(loop.Body, types);
                    break;
                case IfStmt branch:
                    Collect(branch.Body, types);
                    Collect(branch.Else, types);
                    break;
                case WhileStmt loop:
                    Collect(loop.Body, types);
                    break;
                case UnsupportedStmt other:
                    Collect(other.Body, types);
                    break;
            }
        }
    }

    private void Unknown(Dictionary<string, TypeRef?> types, Expr target)
    {
        switch (target)
        {
            case NameExpr name:
                Merge(types, name.Name, null);
                break;
            case TupleExpr tuple:
                foreach (var item in tuple.Items)
                    Unknown(types, item);
                break;
            case ListExpr list:
                foreach (var item in list.Items)
                    Unknown(types, item);
                break;
        }
    }

    private void Merge(Dictionary<string, TypeRef?> types, string name, TypeRef? type)
    {
        _locals.Add(name);
        if (!types.TryGetValue(name, out var known))
            types[name] = type;
        else if (known != type)
            types[name] = null;
    }
}
