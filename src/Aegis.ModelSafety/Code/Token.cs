namespace Aegis.ModelSafety.Code;

internal enum TokenKind
{
    Name,
    Number,
    String,
    Operator,
    Newline,
    Indent,
    Dedent,
    End,
}

/// <summary>One token of serialized TorchScript; <see cref="Text"/> is the decoded value for strings.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line)
{
    public bool Is(string op) => Kind == TokenKind.Operator && Text == op;

    public bool IsKeyword(string word) => Kind == TokenKind.Name && Text == word;
}
