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

    /// <summary>The first archive class (<c>__torch__.…</c>) a type expression names, at any depth (<c>List[__torch__.A]</c>).</summary>
    public static string? ArchiveClassIn(Expr type) => type switch
    {
        AttributeExpr when Of(type) is { } path && path.StartsWith("__torch__.", StringComparison.Ordinal) => path,
        SubscriptExpr subscript => subscript.Indices.Select(ArchiveClassIn).FirstOrDefault(c => c is not null),
        TupleExpr tuple => tuple.Items.Select(ArchiveClassIn).FirstOrDefault(c => c is not null),
        ListExpr list => list.Items.Select(ArchiveClassIn).FirstOrDefault(c => c is not null),
        _ => null,
    };
}
