namespace Aegis.ModelSafety.Code;

/// <summary>Turns <c>a.b.c</c> (names joined by attribute access) into "a.b.c"; anything else is not a dotted path.</summary>
internal static class DottedPath
{
    public static string? Of(Expr expr) => expr switch
    {
        NameExpr name => name.Name,
        AttributeExpr { Target: var target, Name: var last } when Of(target) is { } prefix => $"{prefix}.{last}",
        _ => null,
    };

    /// <summary>The leftmost name of a dotted path.</summary>
    public static string? RootOf(Expr expr) => expr switch
    {
        NameExpr name => name.Name,
        AttributeExpr attribute => RootOf(attribute.Target),
        _ => null,
    };
}
