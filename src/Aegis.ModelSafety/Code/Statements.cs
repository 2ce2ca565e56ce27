namespace Aegis.ModelSafety.Code;

/// <summary>A statement of serialized TorchScript, with the line it starts on.</summary>
internal abstract record Stmt(int Line);

internal sealed record Parameter(string Name, Expr? Annotation, Expr? Default);

internal sealed record FunctionDef(string Name, IReadOnlyList<Parameter> Parameters, Expr? Returns, IReadOnlyList<Stmt> Body, int Line) : Stmt(Line);

internal sealed record ClassDef(string Name, IReadOnlyList<Expr> Bases, IReadOnlyList<Stmt> Body, int Line) : Stmt(Line);

/// <summary><c>target = value</c>, <c>target : annotation = value</c> or <c>target : annotation</c>.</summary>
internal sealed record AssignStmt(Expr Target, Expr? Annotation, Expr? Value, int Line) : Stmt(Line);

internal sealed record AugAssignStmt(Expr Target, string Operator, Expr Value, int Line) : Stmt(Line);

internal sealed record ExprStmt(Expr Value, int Line) : Stmt(Line);

internal sealed record ReturnStmt(Expr? Value, int Line) : Stmt(Line);

internal sealed record IfStmt(Expr Test, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt> Else, int Line) : Stmt(Line);

internal sealed record ForStmt(Expr Target, Expr Iterable, IReadOnlyList<Stmt> Body, int Line) : Stmt(Line);

internal sealed record WhileStmt(Expr Test, IReadOnlyList<Stmt> Body, int Line) : Stmt(Line);

internal sealed record RaiseStmt(Expr? Exception, int Line) : Stmt(Line);

internal sealed record AssertStmt(Expr Test, Expr? Message, int Line) : Stmt(Line);

internal sealed record DelStmt(IReadOnlyList<Expr> Targets, int Line) : Stmt(Line);

/// <summary>pass, break, continue.</summary>
internal sealed record SimpleStmt(string Keyword, int Line) : Stmt(Line);

/// <summary>A statement TorchScript parses but a classifier has no use for (with, import, global, try, …): kept so the checker can name it.</summary>
internal sealed record UnsupportedStmt(string Keyword, IReadOnlyList<Expr> Expressions, IReadOnlyList<Stmt> Body, int Line) : Stmt(Line);
