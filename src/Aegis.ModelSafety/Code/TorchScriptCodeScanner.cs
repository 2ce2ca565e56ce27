using System.Text.RegularExpressions;
using Aegis.Core.Text;

namespace Aegis.ModelSafety.Code;

/// <summary>
/// Walks every class and function of the archive's code and checks each name, call and statement
/// against <see cref="OperatorPolicy"/>: <c>torch.X</c>/<c>ops.aten.X</c> must be an allowed aten
/// operator, <c>ops.prim.X</c> an allowed prim operator, <c>ops.&lt;other&gt;.X</c> and
/// <c>torch.ops.&lt;other&gt;.X</c> are custom operators, <c>__torch__.X</c> must be defined by the
/// archive, a method call must reach an archive class's method (or, on a tensor, list or string,
/// an allowed aten operator), and <c>print</c>, <c>while</c>, <c>with</c>, imports and nested
/// definitions are refused. Every operator in use is recorded for the report.
/// </summary>
internal sealed partial class TorchScriptCodeScanner
{
    private static readonly HashSet<string> GlobalRoots = ["torch", "ops", "CONSTANTS", "__torch__", "builtins"];
    private static readonly HashSet<string> ModuleLists = ["__parameters__", "__buffers__", "__forward_hooks__", "__forward_pre_hooks__"];

    private readonly CodeDefinitions _definitions;
    private readonly FindingCollector _findings;
    private readonly SortedSet<string> _operators = new(StringComparer.Ordinal);
    private CodeUnit _unit = null!;
    private IReadOnlyList<Stmt> _functionBody = [];

    private TorchScriptCodeScanner(CodeDefinitions definitions, FindingCollector findings)
    {
        _definitions = definitions;
        _findings = findings;
    }

    /// <summary>Checks all units; returns the distinct operators they use (<c>aten::conv2d</c>, <c>prim::dtype</c>, …).</summary>
    public static IReadOnlyCollection<string> Scan(IReadOnlyList<CodeUnit> units, CodeDefinitions definitions, FindingCollector findings)
    {
        var scanner = new TorchScriptCodeScanner(definitions, findings);
        foreach (var unit in units)
        {
            scanner._unit = unit;
            scanner.Comments(unit);
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in unit.Statements)
            {
                if (statement is ClassDef or FunctionDef && !defined.Add(NameOf(statement)))
                    scanner.Refuse("code", NameOf(statement), statement.Line, $"a second definition of {UntrustedText.QuoteAscii(NameOf(statement))} in the same file (the check and libtorch could read different ones)");
                else
                    scanner.TopLevel(statement);
            }
        }
        return scanner._operators;
    }

    /// <summary>
    /// TorchScript reads a <c># type:</c> comment on a function's first line as its parameter types,
    /// over the annotations the checker reads; torch.jit.save prints no comments at all, so every
    /// comment is refused rather than only the ones TorchScript's lexer would take for types.
    /// </summary>
    private void Comments(CodeUnit unit)
    {
        foreach (int line in unit.CommentLines)
            Refuse("code", "comment", line, "a comment (torch.jit.save prints none, and TorchScript takes a '# type:' comment as the function's types over its annotations)");
    }

    private static string NameOf(Stmt definition) => definition switch
    {
        ClassDef cls => cls.Name,
        FunctionDef function => function.Name,
        _ => "",
    };

    private void TopLevel(Stmt statement)
    {
        switch (statement)
        {
            case ClassDef cls:
                Class(_definitions.Classes[$"{_unit.Qualifier}.{cls.Name}"]);
                break;
            case FunctionDef function:
                Function(function, null);
                break;
            case AssignStmt { Target: NameExpr { Name: "op_version_set" }, Annotation: null, Value: ConstantExpr { IsString: false } }:
                break;
            default:
                Refuse("code", Keyword(statement), statement.Line, $"a top-level {Keyword(statement)} statement; archive code holds only classes and functions");
                break;
        }
    }

    private void Class(ClassInfo cls)
    {
        if (cls.Kind == "Unsupported")
            Refuse("code", cls.Definition.Name, cls.Definition.Line, $"class {UntrustedText.QuoteAscii(cls.Definition.Name)} derives from something other than Module, Interface, NamedTuple or Enum");
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in cls.Definition.Body)
        {
            if (MemberName(statement) is { } member && !members.Add(member))
            {
                Refuse("code", member, statement.Line, $"a second declaration of {UntrustedText.QuoteAscii(member)} in class {UntrustedText.QuoteAscii(cls.Definition.Name)} (the check and libtorch could read different ones)");
                continue;
            }
            switch (statement)
            {
                case FunctionDef method:
                    Function(method, cls);
                    break;
                case AssignStmt { Target: NameExpr { Name: var list }, Annotation: null, Value: ListExpr items } when ModuleLists.Contains(list):
                    if (items.Items.Any(i => i is not ConstantExpr { IsString: true }))
                        Refuse("code", list, statement.Line, $"{list} must list attribute names");
                    break;
                case AssignStmt { Target: NameExpr { Name: "__annotations__" }, Annotation: null, Value: ListExpr { Items.Count: 0 } }:
                    break;
                case AssignStmt { Target: SubscriptExpr { Target: NameExpr { Name: "__annotations__" }, Indices: [ConstantExpr { IsString: true }] }, Annotation: null, Value: { } type }:
                    Type(type);
                    break;
                case AssignStmt { Target: NameExpr, Annotation: { } type } attribute:
                    Type(type);
                    if (attribute.Value is not null)
                        Literal(attribute.Value);
                    break;
                case AssignStmt { Target: NameExpr, Annotation: null, Value: { } value } when cls.Kind == "Enum":
                    Literal(value);
                    break;
                case SimpleStmt { Keyword: "pass" }:
                    break;
                default:
                    Refuse("code", Keyword(statement), statement.Line, $"a {Keyword(statement)} statement in the body of class {UntrustedText.QuoteAscii(cls.Definition.Name)}");
                    break;
            }
        }
    }

    /// <summary>The attribute, constant or method a class-body statement declares.</summary>
    private static string? MemberName(Stmt statement) => statement switch
    {
        FunctionDef method => method.Name,
        AssignStmt { Target: NameExpr { Name: var name } } when name != "__annotations__" => name,
        AssignStmt { Target: SubscriptExpr { Target: NameExpr { Name: "__annotations__" }, Indices: [ConstantExpr { IsString: true, Value: var key }] } } => key,
        _ => null,
    };

    private void Function(FunctionDef function, ClassInfo? owner)
    {
        var empty = FunctionScope.Empty(_definitions);
        foreach (var parameter in function.Parameters)
        {
            if (parameter.Annotation is not null)
                Type(parameter.Annotation);
            if (parameter.Default is not null)
                Expression(parameter.Default, empty);
        }
        if (function.Returns is not null)
            Type(function.Returns);
        if (owner is { Kind: "Interface" or "ModuleInterface" })
        {
            if (function.Body is not [SimpleStmt { Keyword: "pass" }])
                Refuse("code", function.Name, function.Line, $"interface method {UntrustedText.QuoteAscii(function.Name)} has a body");
            return;
        }
        var scope = FunctionScope.For(function, owner, _definitions);
        _functionBody = function.Body;
        Statements(function.Body, scope);
    }

    private void Statements(IReadOnlyList<Stmt> statements, FunctionScope scope)
    {
        foreach (var statement in statements)
            Statement(statement, scope);
    }

    private void Statement(Stmt statement, FunctionScope scope)
    {
        switch (statement)
        {
            case AssignStmt assign:
                Target(assign.Target, scope);
                if (assign.Annotation is not null)
                    Type(assign.Annotation);
                if (assign.Value is not null)
                    Expression(assign.Value, scope);
                break;
            case AugAssignStmt augmented:
                Target(augmented.Target, scope);
                Expression(augmented.Value, scope);
                break;
            case ExprStmt expression:
                Expression(expression.Value, scope);
                break;
            case ReturnStmt { Value: { } value }:
                Expression(value, scope);
                break;
            case RaiseStmt { Exception: { } exception }:
                Expression(exception, scope);
                break;
            case AssertStmt assertion:
                Expression(assertion.Test, scope);
                if (assertion.Message is not null)
                    Expression(assertion.Message, scope);
                break;
            case DelStmt deletion:
                foreach (var target in deletion.Targets)
                    Expression(target, scope);
                break;
            case IfStmt branch:
                Expression(branch.Test, scope);
                Statements(branch.Body, scope);
                Statements(branch.Else, scope);
                break;
            case ForStmt loop:
                Target(loop.Target, scope);
                Expression(loop.Iterable, scope);
                Statements(loop.Body, scope);
                break;
            case WhileStmt loop:
                if (!CountedLoop.IsCounted(loop, _functionBody))
                    Refuse("loop", "while", loop.Line, "a while loop whose iterations nothing bounds (only for loops, and the counted while loops TorchScript prints for them, are allowed)");
                Expression(loop.Test, scope);
                Statements(loop.Body, scope);
                break;
            case FunctionDef or ClassDef:
                Refuse("code", Keyword(statement), statement.Line, $"a nested {Keyword(statement)} (closures and forked functions are not allowed)");
                break;
            case UnsupportedStmt other:
                Refuse("code", other.Keyword, other.Line, $"a {other.Keyword} statement, which an image classifier does not use");
                Statements(other.Body, scope);
                break;
            case SimpleStmt or ReturnStmt or RaiseStmt:
                break;
            default:
                Refuse("code", Keyword(statement), statement.Line, $"a {Keyword(statement)} statement");
                break;
        }
    }

    /// <summary>An assignment target: a new local, an attribute or element of a checked value, or a tuple of those.</summary>
    private void Target(Expr target, FunctionScope scope)
    {
        switch (target)
        {
            case NameExpr:
                break;
            case TupleExpr tuple:
                foreach (var item in tuple.Items)
                    Target(item, scope);
                break;
            case ListExpr list:
                foreach (var item in list.Items)
                    Target(item, scope);
                break;
            case AttributeExpr or SubscriptExpr:
                Expression(target, scope);
                break;
            default:
                Refuse("code", "assignment", target.Line, "an assignment to something that is not a name, attribute or element");
                break;
        }
    }

    private void Expression(Expr expr, FunctionScope scope)
    {
        switch (expr)
        {
            case ConstantExpr:
                break;
            case NameExpr name:
                Name(name, scope);
                break;
            case AttributeExpr attribute when GlobalPath(attribute, scope) is { } path:
                Global(path, attribute.Line);
                break;
            case AttributeExpr attribute:
                Expression(attribute.Target, scope);
                break;
            case CallExpr call:
                Call(call, scope);
                break;
            case SubscriptExpr subscript:
                Expression(subscript.Target, scope);
                foreach (var index in subscript.Indices)
                    Expression(index, scope);
                break;
            case SliceExpr slice:
                foreach (var part in new[] { slice.Lower, slice.Upper, slice.Step })
                {
                    if (part is not null)
                        Expression(part, scope);
                }
                break;
            case TupleExpr tuple:
                foreach (var item in tuple.Items)
                    Expression(item, scope);
                break;
            case ListExpr list:
                foreach (var item in list.Items)
                    Expression(item, scope);
                break;
            case DictExpr dict:
                foreach (var item in dict.Keys.Concat(dict.Values))
                    Expression(item, scope);
                break;
            case OperatorExpr op:
                foreach (var operand in op.Operands)
                    Expression(operand, scope);
                break;
            case ConditionalExpr conditional:
                Expression(conditional.Test, scope);
                Expression(conditional.Body, scope);
                Expression(conditional.Else, scope);
                break;
        }
    }

    private void Name(NameExpr name, FunctionScope scope)
    {
        if (scope.IsLocal(name.Name) || OperatorPolicy.Builtins.Contains(name.Name))
            return;
        if (name.Name == "print")
            Refuse("print", "print", name.Line, "print writes to the process's output");
        else if (name.Name is "fork" or "wait")
            Refuse("operator", name.Name, name.Line, $"{name.Name} starts work on another thread");
        else if (GlobalRoots.Contains(name.Name))
            Refuse("operator", name.Name, name.Line, $"'{name.Name}' used as a value; only its listed members may be named");
        else
            Refuse("operator", name.Name, name.Line, $"'{UntrustedText.QuoteAscii(name.Name)}' is neither a local, an allowed builtin nor an archive definition");
    }

    private void Call(CallExpr call, FunctionScope scope)
    {
        var callee = call.Function;
        var typeArguments = callee is NameExpr { Name: var builtin } && OperatorPolicy.TypeFirstBuiltins.Contains(builtin) && !scope.IsLocal(builtin) ? 1 : 0;
        if (callee is NameExpr { Name: "isinstance" } && !scope.IsLocal("isinstance") && call.Arguments.Count == 2)
        {
            Expression(call.Arguments[0], scope);
            Type(call.Arguments[1]);
        }
        else
        {
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (i < typeArguments)
                    CastType(((NameExpr)callee).Name, call.Arguments[i]);
                else
                    Expression(call.Arguments[i], scope);
            }
        }
        foreach (var keyword in call.Keywords)
            Expression(keyword.Value, scope);

        switch (callee)
        {
            case AttributeExpr attribute when GlobalPath(attribute, scope) is { } path:
                Global(path, attribute.Line);
                break;
            case NameExpr name when scope.IsLocal(name.Name):
                if (scope.TypeOf(name) is null)
                    Refuse("operator", name.Name, name.Line, $"a call of local '{UntrustedText.QuoteAscii(name.Name)}', which the check cannot tie to an archive function or module");
                break;
            case NameExpr name:
                Name(name, scope);
                break;
            case AttributeExpr { Target: var receiver, Name: var method } attribute:
                Expression(receiver, scope);
                Method(receiver, method, attribute.Line, scope);
                break;
            default:
                Expression(callee, scope);
                if (scope.TypeOf(callee) is null)
                    Refuse("operator", "call", call.Line, "a call of a computed value the check cannot tie to an archive function or module");
                break;
        }
    }

    /// <summary>
    /// <c>recv.method(…)</c>: on an archive class, the method (or a submodule attribute) must exist;
    /// on anything else (a tensor, list, string) TorchScript resolves it to the aten operator of
    /// that name, which must be allowed.
    /// </summary>
    private void Method(Expr receiver, string method, int line, FunctionScope scope)
    {
        if (scope.ClassOf(scope.TypeOf(receiver)) is { } cls)
        {
            if (!cls.Methods.ContainsKey(method) && !(cls.Attributes.TryGetValue(method, out var attribute) && _definitions.Resolve(attribute) is not null))
                Refuse("operator", method, line, $"{UntrustedText.QuoteAscii(cls.Qualified)} has no method '{UntrustedText.QuoteAscii(method)}'");
            return;
        }
        if (method == "__new__" && scope.TypeOf(receiver) is { Kind: TypeKind.Class })
            return;
        Operator("aten", method, line, asMethod: true);
    }

    /// <summary>The dotted path of an attribute chain rooted at a global name (torch, ops, __torch__, …) and not shadowed by a local.</summary>
    private static string? GlobalPath(AttributeExpr attribute, FunctionScope scope) =>
        DottedPath.RootOf(attribute) is { } root && GlobalRoots.Contains(root) && !scope.IsLocal(root) ? DottedPath.Of(attribute) : null;

    private void Global(string path, int line)
    {
        var parts = path.Split('.');
        switch (parts[0])
        {
            case "torch" when parts.Length == 2:
                Operator("aten", parts[1], line);
                return;
            case "torch" when parts.Length == 4 && parts[1] == "ops":
                Operator(parts[2], parts[3], line);
                return;
            case "ops" when parts.Length == 3:
                Operator(parts[1], parts[2], line);
                return;
            case "CONSTANTS" when parts.Length == 2 && ConstantName().IsMatch(parts[1]):
                return;
            case "builtins" when parts.Length == 2 && OperatorPolicy.Builtins.Contains(parts[1]) && char.IsAsciiLetterUpper(parts[1][0]):
                return;
            case "__torch__":
                ArchiveReference(path, line);
                return;
            case "torch" when parts.Length >= 3 && parts[1] == "classes":
                Refuse("custom-operator", path, line, $"{UntrustedText.QuoteAscii(path)} is a custom C++ class from a native library, not code in the archive");
                return;
            default:
                Refuse("operator", path, line, $"{UntrustedText.QuoteAscii(path)} is not an operator the check allows");
                return;
        }
    }

    private void ArchiveReference(string path, int line)
    {
        if (_definitions.IsClass(path) || _definitions.Functions.ContainsKey(path) || _definitions.InUnreadableFile(path))
            return;
        int dot = path.LastIndexOf('.');
        if (_definitions.Classes.TryGetValue(path[..dot], out var owner) && (path[(dot + 1)..] == "__new__" || (owner.Kind == "Enum" && owner.Members.Contains(path[(dot + 1)..]))))
            return;
        if (path.StartsWith("__torch__.torch.classes.", StringComparison.Ordinal))
            Refuse("custom-operator", path, line, $"{UntrustedText.QuoteAscii(path)} is a custom C++ class from a native library, not code in the archive");
        else
            Refuse("operator", path, line, $"{UntrustedText.QuoteAscii(path)} is not defined by the archive's code");
    }

    private void Operator(string ns, string name, int line, bool asMethod = false)
    {
        bool allowed = ns switch
        {
            "aten" => OperatorPolicy.Aten.Contains(name),
            "prim" => OperatorPolicy.Prim.Contains(name),
            _ => false,
        };
        if (allowed)
        {
            _operators.Add($"{ns}::{name}");
            return;
        }
        string shown = $"{ns}::{UntrustedText.QuoteAscii(name)}";
        if (ns is not ("aten" or "prim"))
            Refuse("custom-operator", shown, line, $"{shown} is a custom operator from a native library outside PyTorch; the check cannot see what it does");
        else if (name is "Print" or "print")
            Refuse("print", shown, line, $"{shown} writes to the process's output");
        else
            Refuse("operator", shown, line, $"{(asMethod ? "method ." + UntrustedText.QuoteAscii(name) + "(), that is " : "")}{shown} {OperatorPolicy.Explain(ns, name)}");
    }

    /// <summary>
    /// The type of <c>unchecked_cast</c>, <c>annotate</c> or <c>uninitialized</c>. <c>unchecked_cast</c>
    /// makes a value the given type without a check at run time: cast to an archive class, a
    /// smaller object's missing slots are read out of bounds. The checker would also type the
    /// value by the cast. Exports only ever cast to builtin types, so any archive class is refused.
    /// </summary>
    private void CastType(string builtin, Expr type)
    {
        Type(type);
        if (DottedPath.ArchiveClassIn(type) is { } cls)
            Refuse("code", builtin, type.Line, $"{builtin} to {UntrustedText.QuoteAscii(cls)}: nothing proves the value is one, and its attributes would be read from another object's slots");
    }


    /// <summary>A type annotation: builtin and container types, or a class the archive defines.</summary>
    private void Type(Expr type)
    {
        switch (type)
        {
            case NameExpr name when OperatorPolicy.TypeNames.Contains(name.Name):
            case ConstantExpr { Value: "None" }:
                return;
            case SubscriptExpr { Target: NameExpr container } subscript when OperatorPolicy.TypeNames.Contains(container.Name):
                foreach (var index in subscript.Indices)
                    Type(index);
                return;
            case TupleExpr tuple:
                foreach (var item in tuple.Items)
                    Type(item);
                return;
            case ListExpr list:
                foreach (var item in list.Items)
                    Type(item);
                return;
            case AttributeExpr when DottedPath.Of(type) is { } path && path.StartsWith("__torch__.", StringComparison.Ordinal):
                if (!_definitions.IsClass(path))
                    ArchiveReference(path, type.Line);
                return;
            default:
                string shown = DottedPath.Of(type) is { } named ? UntrustedText.QuoteAscii(named) : "an expression";
                Refuse("operator", shown, type.Line, $"type {shown} is not a type the check allows (Future, RRef and custom classes are not)");
                return;
        }
    }

    /// <summary>Class constants and enum values: literals only.</summary>
    private void Literal(Expr value)
    {
        switch (value)
        {
            case ConstantExpr:
                return;
            case NameExpr { Name: "inf" or "nan" }:
                return;
            case OperatorExpr { Operator: "-" or "+", Operands: [var operand] }:
                Literal(operand);
                return;
            case TupleExpr tuple:
                foreach (var item in tuple.Items)
                    Literal(item);
                return;
            case ListExpr list:
                foreach (var item in list.Items)
                    Literal(item);
                return;
            default:
                Refuse("code", "constant", value.Line, "a class constant that is not a literal");
                return;
        }
    }

    private void Refuse(string rule, string subject, int line, string message) =>
        _findings.Unsafe(rule, subject, $"{_unit.Location}:{line}", message);

    private static string Keyword(Stmt statement) => statement switch
    {
        FunctionDef => "def",
        ClassDef => "class",
        AssignStmt or AugAssignStmt => "assignment",
        ExprStmt => "expression",
        ReturnStmt => "return",
        IfStmt => "if",
        ForStmt => "for",
        WhileStmt => "while",
        RaiseStmt => "raise",
        AssertStmt => "assert",
        DelStmt => "del",
        SimpleStmt simple => simple.Keyword,
        UnsupportedStmt other => other.Keyword,
        _ => "unknown",
    };

    [GeneratedRegex("^c[0-9]{1,9}$")]
    private static partial Regex ConstantName();
}
