namespace Aegis.ModelSafety.Code;

/// <summary>An expression of serialized TorchScript, with the line it starts on.</summary>
internal abstract record Expr(int Line);

internal sealed record NameExpr(string Name, int Line) : Expr(Line);

/// <summary>A literal: number, string, True/False/None or <c>...</c>; <see cref="Value"/> is the decoded text.</summary>
internal sealed record ConstantExpr(string Value, bool IsString, int Line) : Expr(Line);

internal sealed record AttributeExpr(Expr Target, string Name, int Line) : Expr(Line);

internal sealed record KeywordArgument(string Name, Expr Value);

internal sealed record CallExpr(Expr Function, IReadOnlyList<Expr> Arguments, IReadOnlyList<KeywordArgument> Keywords, int Line) : Expr(Line);

internal sealed record SubscriptExpr(Expr Target, IReadOnlyList<Expr> Indices, int Line) : Expr(Line);

internal sealed record SliceExpr(Expr? Lower, Expr? Upper, Expr? Step, int Line) : Expr(Line);

internal sealed record TupleExpr(IReadOnlyList<Expr> Items, int Line) : Expr(Line);

internal sealed record ListExpr(IReadOnlyList<Expr> Items, int Line) : Expr(Line);

internal sealed record DictExpr(IReadOnlyList<Expr> Keys, IReadOnlyList<Expr> Values, int Line) : Expr(Line);

/// <summary>Unary, binary, comparison and boolean operators: all map to arithmetic or logic in TorchScript.</summary>
internal sealed record OperatorExpr(string Operator, IReadOnlyList<Expr> Operands, int Line) : Expr(Line);

internal sealed record ConditionalExpr(Expr Test, Expr Body, Expr Else, int Line) : Expr(Line);
