using System.Globalization;
using System.Text;
using Aegis.Core.Text;

namespace Aegis.ModelSafety.Code;

/// <summary>
/// Splits serialized TorchScript (the Python subset torch.jit.save prints) into tokens, with
/// Python's indentation rules: INDENT/DEDENT at line starts, newlines ignored inside brackets,
/// comments dropped from the tokens but their lines recorded (TorchScript reads a <c># type:</c>
/// comment as types, so the checker refuses them). Identifiers are ASCII only, as TorchScript's
/// own lexer requires.
/// </summary>
internal sealed class TorchScriptLexer
{
    private static readonly string[] Operators =
    [
        "**=", "//=", ">>=", "<<=", "...",
        "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@", "=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">",
    ];

    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private readonly List<int> _comments = [];
    private readonly Stack<int> _indents = new([0]);
    private int _position;
    private int _line = 1;
    private int _depth;

    private TorchScriptLexer(string text) => _text = text;

    /// <summary>The tokens of <paramref name="text"/>; <paramref name="commentLines"/> gets the line of every comment.</summary>
    public static List<Token> Tokenize(string text, out IReadOnlyList<int> commentLines)
    {
        // Only "\n" ends a line here. A lone carriage return, which some readers take for a line end,
        // could otherwise hide a statement inside what this lexer reads as a comment.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        int stray = text.IndexOfAny(['\r', '\v', '\f']);
        if (stray >= 0)
            throw new CodeSyntaxException("a carriage return, vertical tab or form feed outside a line end", 1 + text.AsSpan(0, stray).Count('\n'));
        var lexer = new TorchScriptLexer(text);
        lexer.Run();
        commentLines = lexer._comments;
        return lexer._tokens;
    }

    private void Run()
    {
        bool lineStart = true;
        while (_position < _text.Length)
        {
            if (lineStart && _depth == 0)
            {
                if (!Indentation())
                    continue;
                lineStart = false;
            }
            char c = _text[_position];
            if (c == '\n')
            {
                _position++;
                if (_depth == 0)
                {
                    Emit(TokenKind.Newline, "");
                    lineStart = true;
                }
                _line++;
            }
            else if (c is ' ' or '\t')
                _position++;
            else if (c == '#')
                SkipComment();
            else if (c == '\\' && Peek(1) == '\n')
            {
                _position += 2;
                _line++;
            }
            else if (IsNameStart(c))
                Name();
            else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
                Number();
            else if (c is '"' or '\'')
                String();
            else
                Operator();
        }
        if (_tokens.Count > 0 && _tokens[^1].Kind != TokenKind.Newline)
            Emit(TokenKind.Newline, "");
        while (_indents.Count > 1)
        {
            _indents.Pop();
            Emit(TokenKind.Dedent, "");
        }
        Emit(TokenKind.End, "");
    }

    /// <summary>Measures a line's indentation; blank and comment-only lines are skipped (returns false).</summary>
    private bool Indentation()
    {
        // Indentation is spaces only (as torch.jit.save prints it): readers disagree on tab widths,
        // and a statement must belong to the same block for this check as for libtorch.
        int width = 0;
        while (_position < _text.Length && _text[_position] == ' ')
        {
            width++;
            _position++;
        }
        if (_position < _text.Length && _text[_position] == '\t')
            throw new CodeSyntaxException("a tab in indentation", _line);
        if (_position >= _text.Length || _text[_position] is '\n' or '#')
        {
            if (_position < _text.Length && _text[_position] == '#')
                SkipComment();
            if (_position < _text.Length)
            {
                _position++;
                _line++;
            }
            return false;
        }
        if (width > _indents.Peek())
        {
            _indents.Push(width);
            Emit(TokenKind.Indent, "");
        }
        while (width < _indents.Peek())
        {
            _indents.Pop();
            Emit(TokenKind.Dedent, "");
        }
        if (width != _indents.Peek())
            throw new CodeSyntaxException("inconsistent indentation", _line);
        return true;
    }

    private void SkipComment()
    {
        _comments.Add(_line);
        while (_position < _text.Length && _text[_position] != '\n')
            _position++;
    }

    /// <summary>A name; string prefixes (r"", b"") are not TorchScript and read as a name then a string, which the parser refuses.</summary>
    private void Name()
    {
        int start = _position;
        while (_position < _text.Length && (IsNameStart(_text[_position]) || char.IsAsciiDigit(_text[_position])))
            _position++;
        Emit(TokenKind.Name, _text[start.._position]);
    }

    private void Number()
    {
        int start = _position;
        if (_text[_position] == '0' && Peek(1) is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            _position += 2;
            while (_position < _text.Length && char.IsAsciiHexDigit(_text[_position]))
                _position++;
        }
        else
        {
            while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] == '.'))
                _position++;
            if (_position < _text.Length && _text[_position] is 'e' or 'E')
            {
                _position++;
                if (_position < _text.Length && _text[_position] is '+' or '-')
                    _position++;
                while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
                    _position++;
            }
            if (_position < _text.Length && _text[_position] is 'j' or 'J')
                _position++;
        }
        if (_position < _text.Length && IsNameStart(_text[_position]))
            throw new CodeSyntaxException($"malformed number '{UntrustedText.QuoteAscii(_text[start..(_position + 1)])}'", _line);
        Emit(TokenKind.Number, _text[start.._position]);
    }

    private void String()
    {
        char quote = _text[_position];
        bool triple = Peek(1) == quote && Peek(2) == quote;
        int startLine = _line;
        _position += triple ? 3 : 1;
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
                throw new CodeSyntaxException("unterminated string", startLine);
            char c = _text[_position];
            if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
            {
                _position += triple ? 3 : 1;
                break;
            }
            if (c == '\n')
            {
                if (!triple)
                    throw new CodeSyntaxException("unterminated string", startLine);
                _line++;
            }
            if (c == '\\' && _position + 1 < _text.Length)
            {
                _position++;
                value.Append(Escape());
                continue;
            }
            value.Append(c);
            _position++;
        }
        Emit(TokenKind.String, value.ToString());
    }

    private string Escape()
    {
        char e = _text[_position++];
        switch (e)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'a': return "\a";
            case 'v': return "\v";
            case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                int end = _position - 1;
                while (end < _text.Length && end < _position + 2 && _text[end] is >= '0' and <= '7')
                    end++;
                var octal = _text[(_position - 1)..end];
                _position = end;
                return ((char)Convert.ToInt32(octal, 8)).ToString();
            case 'x':
                if (_position + 2 > _text.Length || !int.TryParse(_text.AsSpan(_position, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int hex))
                    throw new CodeSyntaxException("malformed \\x escape", _line);
                _position += 2;
                return ((char)hex).ToString();
            case '\n':
                _line++;
                return "";
            default:
                return e.ToString();
        }
    }

    private void Operator()
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_text, _position, op, 0, op.Length) == 0)
            {
                _position += op.Length;
                if (op is "(" or "[" or "{")
                    _depth++;
                else if (op is ")" or "]" or "}")
                    _depth = Math.Max(0, _depth - 1);
                Emit(TokenKind.Operator, op);
                return;
            }
        }
        throw new CodeSyntaxException($"unexpected character U+{(int)_text[_position]:X4}", _line);
    }

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private void Emit(TokenKind kind, string text) => _tokens.Add(new Token(kind, text, _line));
}
