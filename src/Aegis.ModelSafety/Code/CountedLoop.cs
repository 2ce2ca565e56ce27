namespace Aegis.ModelSafety.Code;

/// <summary>
/// Recognises the one <c>while</c> loop TorchScript's printer emits for an ordinary <c>for</c>
/// loop with an early exit (torchvision's DenseNet has one): a counter that starts at an integer
/// literal and rises by one every iteration, and a condition that is <c>counter + 1 &lt; bound</c>
/// (possibly and-ed with a flag), with the bound untouched inside the loop:
/// <code>
/// _24 = 0
/// _25 = torch.gt(_21, 0)
/// while _25:
///   …
///   _29 = torch.add(_24, 1)
///   _30 = torch.__and__(torch.lt(_29, _21), _26)
///   _25, _22, _23, _24 = _30, _27, _28, _29
/// </code>
/// Such a loop runs at most <c>bound</c> times, fixed when it starts, like <c>for i in range(bound)</c>.
/// Any other <c>while</c> is unbounded as far as the check can tell.
/// </summary>
internal static class CountedLoop
{
    public static bool IsCounted(WhileStmt loop, IReadOnlyList<Stmt> functionBody)
    {
        if (loop.Test is not NameExpr { Name: var condition } || ContainsContinue(loop.Body))
            return false;
        var topLevel = loop.Body.OfType<AssignStmt>().ToList();
        var everywhere = Assignments(loop.Body).ToList();

        // The condition is reassigned exactly once, at the top level of the body.
        if (everywhere.Count(a => a.Name == condition) != 1 || TopLevelValue(topLevel, condition) is not { } next)
            return false;
        if (next is NameExpr { Name: var combined })
            next = SingleTopLevelValue(topLevel, everywhere, combined);
        var comparison = next switch
        {
            CallExpr { Function: var f, Arguments: [var left, _] } when IsTorch(f, "__and__") => left,
            _ => next,
        };
        if (comparison is not CallExpr { Function: var lt, Arguments: [NameExpr { Name: var incremented }, var bound] } || !IsTorch(lt, "lt"))
            return false;
        if (bound is NameExpr { Name: var boundName } ? everywhere.Any(a => a.Name == boundName) : bound is not ConstantExpr { IsString: false })
            return false;

        // incremented = counter + 1, once, unconditionally; counter = incremented, once, unconditionally.
        if (SingleTopLevelValue(topLevel, everywhere, incremented) is not CallExpr { Function: var add, Arguments: [NameExpr { Name: var counter }, ConstantExpr { Value: "1" }] } || !IsTorch(add, "add"))
            return false;
        if (SingleTopLevelValue(topLevel, everywhere, counter) is not NameExpr { Name: var assigned } || assigned != incremented)
            return false;

        // Outside the loop the counter only ever takes integer literals.
        var bodySet = new HashSet<AssignStmt>(loop.Body.SelectMany(Flatten).OfType<AssignStmt>());
        return Assignments(functionBody).Where(a => a.Name == counter && !bodySet.Contains(a.Statement))
            .All(a => a.Value is ConstantExpr { IsString: false, Value: var literal } && literal.All(char.IsAsciiDigit));
    }

    private static bool IsTorch(Expr function, string op) => DottedPath.Of(function) == $"torch.{op}";

    /// <summary>The value a name gets from a top-level assignment of the body (plain or tuple), when there is exactly one assignment to it.</summary>
    private static Expr? SingleTopLevelValue(List<AssignStmt> topLevel, List<(string Name, Expr? Value, AssignStmt Statement)> everywhere, string name) =>
        everywhere.Count(a => a.Name == name) == 1 ? TopLevelValue(topLevel, name) : null;

    private static Expr? TopLevelValue(List<AssignStmt> topLevel, string name)
    {
        foreach (var assign in topLevel)
        {
            foreach (var (target, value) in Pairs(assign))
            {
                if (target == name)
                    return value;
            }
        }
        return null;
    }

    /// <summary>Every name assigned in the statements, nested blocks included, with its value where the assignment pairs them.</summary>
    private static IEnumerable<(string Name, Expr? Value, AssignStmt Statement)> Assignments(IReadOnlyList<Stmt> statements)
    {
        foreach (var statement in statements.SelectMany(Flatten))
        {
            switch (statement)
            {
                case AssignStmt assign:
                    foreach (var (name, value) in Pairs(assign))
                        yield return (name, value, assign);
                    break;
                case AugAssignStmt { Target: NameExpr name }:
                    yield return (name.Name, null, null!);
                    break;
                case ForStmt { Target: var target }:
                    foreach (var name in Names(target))
                        yield return (name, null, null!);
                    break;
            }
        }
    }

    private static IEnumerable<(string Name, Expr? Value)> Pairs(AssignStmt assign)
    {
        switch (assign.Target)
        {
            case NameExpr name:
                yield return (name.Name, assign.Value);
                break;
            case TupleExpr targets:
                var values = assign.Value is TupleExpr tuple && tuple.Items.Count == targets.Items.Count ? tuple.Items : null;
                for (int i = 0; i < targets.Items.Count; i++)
                {
                    foreach (var name in Names(targets.Items[i]))
                        yield return (name, values?[i]);
                }
                break;
        }
    }

    private static IEnumerable<string> Names(Expr target) => target switch
    {
        NameExpr name => [name.Name],
        TupleExpr tuple => tuple.Items.SelectMany(Names),
        ListExpr list => list.Items.SelectMany(Names),
        _ => [],
    };

    private static IEnumerable<Stmt> Flatten(Stmt statement)
    {
        yield return statement;
        IEnumerable<Stmt> children = statement switch
        {
            IfStmt branch => branch.Body.Concat(branch.Else),
            ForStmt loop => loop.Body,
            WhileStmt loop => loop.Body,
            UnsupportedStmt other => other.Body,
            _ => [],
        };
        foreach (var child in children.SelectMany(Flatten))
            yield return child;
    }

    private static bool ContainsContinue(IReadOnlyList<Stmt> body) => body.SelectMany(Flatten).Any(s => s is SimpleStmt { Keyword: "continue" });
}
