using Aegis.Core.Text;

namespace Aegis.ModelSafety.Code;

/// <summary>
/// Parses serialized TorchScript into statements and expressions: the Python subset that
/// torch.jit.save prints (classes, functions, assignments, if/for/while, calls, subscripts,
/// operators, literals) plus the statements TorchScript parses but a classifier never needs,
/// which come back as <see cref="UnsupportedStmt"/> so the checker can name them.
/// </summary>
internal sealed class TorchScriptParser
{
    private const int MaxDepth = 200;

    private static readonly HashSet<string> Keywords =
    [
        "and", "or", "not", "in", "is", "if", "else", "elif", "for", "while", "def", "class", "return", "pass",
        "break", "continue", "raise", "assert", "del", "lambda", "import", "from", "global", "nonlocal", "try",
        "except", "finally", "with", "as", "yield", "async", "await",
    ];

    private static readonly HashSet<string> BlockKeywords = ["with", "try", "except", "finally", "async"];
    private static readonly HashSet<string> LineKeywords = ["import", "from", "global", "nonlocal", "yield", "await"];
    private static readonly HashSet<string> AugmentedAssignments = ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<="];
    private static readonly HashSet<string> Comparisons = ["<", ">", "==", ">=", "<=", "!="];

    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private TorchScriptParser(List<Token> tokens) => _tokens = tokens;

    /// <summary>Parses a whole code file; throws <see cref="CodeSyntaxException"/> on anything it cannot read.</summary>
    /// <param name="commentLines">The line of every comment, which the parse skips.</param>
    public static IReadOnlyList<Stmt> ParseModule(string source, out IReadOnlyList<int> commentLines)
    {
        var parser = new TorchScriptParser(TorchScriptLexer.Tokenize(source, out commentLines));
        var statements = new List<Stmt>();
        while (parser.Current.Kind != TokenKind.End)
        {
            if (parser.Current.Kind == TokenKind.Newline)
            {
                parser._index++;
                continue;
            }
            statements.Add(parser.Statement());
        }
        return statements;
    }

    private Token Current => _tokens[_index];

    private Stmt Statement()
    {
        var token = Current;
        if (token.Kind == TokenKind.Indent)
            throw Error("unexpected indentation");
        if (token.Is("@"))
            throw Error("a decorator");
        if (token.Kind == TokenKind.Name)
        {
            switch (token.Text)
            {
                case "def":
                    return Function();
                case "class":
                    return Class();
                case "if":
                    return If();
                case "for":
                    return For();
                case "while":
                    return While();
            }
            if (BlockKeywords.Contains(token.Text))
                return Unsupported(block: true);
            if (LineKeywords.Contains(token.Text))
                return Unsupported(block: false);
        }
        var statement = SimpleStatement();
        EndOfLine();
        return statement;
    }

    private Stmt SimpleStatement()
    {
        var token = Current;
        int line = token.Line;
        switch (token.Kind == TokenKind.Name ? token.Text : "")
        {
            case "pass" or "break" or "continue":
                _index++;
                return new SimpleStmt(token.Text, line);
            case "return":
                _index++;
                return new ReturnStmt(AtLineEnd() ? null : ExpressionList(), line);
            case "raise":
                _index++;
                if (AtLineEnd())
                    return new RaiseStmt(null, line);
                var exception = Expression();
                if (Current.IsKeyword("from"))
                {
                    _index++;
                    Expression();
                }
                return new RaiseStmt(exception, line);
            case "assert":
                _index++;
                var test = Expression();
                Expr? message = null;
                if (Accept(","))
                    message = Expression();
                return new AssertStmt(test, message, line);
            case "del":
                _index++;
                var targets = ExpressionList();
                return new DelStmt(targets is TupleExpr tuple ? tuple.Items : [targets], line);
        }

        var target = ExpressionList();
        if (Accept(":"))
        {
            var annotation = Expression();
            Expr? value = Accept("=") ? ExpressionList() : null;
            return new AssignStmt(target, annotation, value, line);
        }
        if (Accept("="))
        {
            var value = ExpressionList();
            if (Current.Is("="))
                throw Error("a chained assignment");
            return new AssignStmt(target, null, value, line);
        }
        if (Current.Kind == TokenKind.Operator && AugmentedAssignments.Contains(Current.Text))
        {
            string op = Current.Text;
            _index++;
            return new AugAssignStmt(target, op, ExpressionList(), line);
        }
        return new ExprStmt(target, line);
    }

    private FunctionDef Function()
    {
        int line = Current.Line;
        _index++;
        string name = Name();
        Expect("(");
        var parameters = new List<Parameter>();
        while (!Current.Is(")"))
        {
            if (Current.Is("*") || Current.Is("**") || Current.Is("/"))
                throw Error("star or positional-only parameters");
            string parameter = Name();
            Expr? annotation = Accept(":") ? Expression() : null;
            Expr? value = Accept("=") ? Expression() : null;
            parameters.Add(new Parameter(parameter, annotation, value));
            if (!Accept(","))
                break;
        }
        Expect(")");
        Expr? returns = Accept("->") ? Expression() : null;
        return new FunctionDef(name, parameters, returns, Block(), line);
    }

    private ClassDef Class()
    {
        int line = Current.Line;
        _index++;
        string name = Name();
        var bases = new List<Expr>();
        if (Accept("("))
        {
            while (!Current.Is(")"))
            {
                bases.Add(Expression());
                if (!Accept(","))
                    break;
            }
            Expect(")");
        }
        return new ClassDef(name, bases, Block(), line);
    }

    private IfStmt If()
    {
        int line = Current.Line;
        _index++;
        var test = Expression();
        var body = Block();
        IReadOnlyList<Stmt> orElse = [];
        if (Current.IsKeyword("elif"))
            orElse = [If()];
        else if (Current.IsKeyword("else"))
        {
            _index++;
            orElse = Block();
        }
        return new IfStmt(test, body, orElse, line);
    }

    private ForStmt For()
    {
        int line = Current.Line;
        _index++;
        var targets = new List<Expr> { BitOr() };
        while (Accept(",") && !Current.IsKeyword("in"))
            targets.Add(BitOr());
        if (!Current.IsKeyword("in"))
            throw Error("'in' expected");
        _index++;
        var iterable = ExpressionList();
        var target = targets.Count == 1 ? targets[0] : new TupleExpr(targets, line);
        var body = Block();
        if (Current.IsKeyword("else"))
            throw Error("a for-else");
        return new ForStmt(target, iterable, body, line);
    }

    private WhileStmt While()
    {
        int line = Current.Line;
        _index++;
        var test = Expression();
        var body = Block();
        if (Current.IsKeyword("else"))
            throw Error("a while-else");
        return new WhileStmt(test, body, line);
    }

    /// <summary>A statement kept only to be named: its header tokens are skipped, its expressions are not needed.</summary>
    private UnsupportedStmt Unsupported(bool block)
    {
        var token = Current;
        _index++;
        while (!AtLineEnd() && !(block && Current.Is(":")))
            _index++;
        if (block && Current.Is(":"))
            return new UnsupportedStmt(token.Text, [], Block(), token.Line);
        EndOfLine();
        return new UnsupportedStmt(token.Text, [], [], token.Line);
    }

    private IReadOnlyList<Stmt> Block()
    {
        Expect(":");
        if (Current.Kind != TokenKind.Newline)
        {
            var single = SimpleStatement();
            EndOfLine();
            return [single];
        }
        _index++;
        if (Current.Kind != TokenKind.Indent)
            throw Error("an indented block expected");
        _index++;
        var body = new List<Stmt>();
        Enter();
        while (Current.Kind != TokenKind.Dedent)
        {
            if (Current.Kind == TokenKind.End)
                throw Error("unexpected end of file");
            if (Current.Kind == TokenKind.Newline)
            {
                _index++;
                continue;
            }
            body.Add(Statement());
        }
        _depth--;
        _index++;
        return body;
    }

    /// <summary>Expressions separated by commas; a comma makes a tuple (<c>a, b = x</c>, <c>return a, b</c>, <c>x, = y</c>).</summary>
    private Expr ExpressionList()
    {
        int line = Current.Line;
        var first = Expression();
        if (!Current.Is(","))
            return first;
        var items = new List<Expr> { first };
        while (Accept(","))
        {
            if (AtLineEnd() || Current.Is("=") || Current.Is(")") || Current.Is(":"))
                break;
            items.Add(Expression());
        }
        return new TupleExpr(items, line);
    }

    private Expr Expression()
    {
        if (Current.IsKeyword("lambda"))
            throw Error("a lambda");
        Enter();
        var body = Or();
        if (Current.IsKeyword("if"))
        {
            _index++;
            var test = Or();
            if (!Current.IsKeyword("else"))
                throw Error("'else' expected");
            _index++;
            body = new ConditionalExpr(test, body, Expression(), body.Line);
        }
        _depth--;
        return body;
    }

    private Expr Or() => BooleanChain("or", And);

    private Expr And() => BooleanChain("and", Not);

    private Expr BooleanChain(string keyword, Func<Expr> operand)
    {
        var first = operand();
        if (!Current.IsKeyword(keyword))
            return first;
        var items = new List<Expr> { first };
        while (Current.IsKeyword(keyword))
        {
            _index++;
            items.Add(operand());
        }
        return new OperatorExpr(keyword, items, first.Line);
    }

    private Expr Not()
    {
        if (!Current.IsKeyword("not"))
            return Comparison();
        int line = Current.Line;
        _index++;
        Enter();
        var operand = Not();
        _depth--;
        return new OperatorExpr("not", [operand], line);
    }

    private Expr Comparison()
    {
        var left = BitOr();
        while (true)
        {
            string? op = null;
            if (Current.Kind == TokenKind.Operator && Comparisons.Contains(Current.Text))
                op = Current.Text;
            else if (Current.IsKeyword("in"))
                op = "in";
            else if (Current.IsKeyword("is"))
                op = _tokens[_index + 1].IsKeyword("not") ? "is not" : "is";
            else if (Current.IsKeyword("not") && _tokens[_index + 1].IsKeyword("in"))
                op = "not in";
            if (op is null)
                return left;
            _index += op.Contains(' ') ? 2 : 1;
            left = new OperatorExpr(op, [left, BitOr()], left.Line);
        }
    }

    private Expr BitOr() => Binary(BitXor, "|");

    private Expr BitXor() => Binary(BitAnd, "^");

    private Expr BitAnd() => Binary(Shift, "&");

    private Expr Shift() => Binary(Arithmetic, "<<", ">>");

    private Expr Arithmetic() => Binary(Term, "+", "-");

    private Expr Term() => Binary(Factor, "*", "/", "//", "%", "@");

    private Expr Binary(Func<Expr> operand, params string[] operators)
    {
        var left = operand();
        while (Current.Kind == TokenKind.Operator && operators.Contains(Current.Text))
        {
            string op = Current.Text;
            _index++;
            left = new OperatorExpr(op, [left, operand()], left.Line);
        }
        return left;
    }

    private Expr Factor()
    {
        if (Current.Is("-") || Current.Is("+") || Current.Is("~"))
        {
            var token = Current;
            _index++;
            Enter();
            var operand = Factor();
            _depth--;
            return new OperatorExpr(token.Text, [operand], token.Line);
        }
        var primary = Primary();
        if (Accept("**"))
        {
            Enter();
            var exponent = Factor();
            _depth--;
            return new OperatorExpr("**", [primary, exponent], primary.Line);
        }
        return primary;
    }

    private Expr Primary()
    {
        var expr = Atom();
        while (true)
        {
            int line = Current.Line;
            if (Accept("."))
                expr = new AttributeExpr(expr, Name(), line);
            else if (Accept("("))
                expr = Call(expr, line);
            else if (Accept("["))
                expr = Subscript(expr, line);
            else
                return expr;
        }
    }

    private CallExpr Call(Expr function, int line)
    {
        var arguments = new List<Expr>();
        var keywords = new List<KeywordArgument>();
        while (!Current.Is(")"))
        {
            if (Current.Is("*") || Current.Is("**"))
                throw Error("star arguments");
            if (Current.Kind == TokenKind.Name && _tokens[_index + 1].Is("=") && !Keywords.Contains(Current.Text))
            {
                string name = Current.Text;
                _index += 2;
                keywords.Add(new KeywordArgument(name, Expression()));
            }
            else
            {
                if (keywords.Count > 0)
                    throw Error("a positional argument after a keyword argument");
                arguments.Add(Expression());
            }
            if (Current.IsKeyword("for"))
                throw Error("a generator expression");
            if (!Accept(","))
                break;
        }
        Expect(")");
        return new CallExpr(function, arguments, keywords, line);
    }

    private SubscriptExpr Subscript(Expr target, int line)
    {
        var indices = new List<Expr>();
        while (!Current.Is("]"))
        {
            indices.Add(SliceOrExpression());
            if (!Accept(","))
                break;
        }
        Expect("]");
        return new SubscriptExpr(target, indices, line);
    }

    private Expr SliceOrExpression()
    {
        int line = Current.Line;
        Expr? lower = Current.Is(":") ? null : Expression();
        if (!Accept(":"))
            return lower!;
        Expr? upper = Current.Is(":") || Current.Is("]") || Current.Is(",") ? null : Expression();
        Expr? step = null;
        if (Accept(":") && !(Current.Is("]") || Current.Is(",")))
            step = Expression();
        return new SliceExpr(lower, upper, step, line);
    }

    private Expr Atom()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _index++;
                return new ConstantExpr(token.Text, false, token.Line);
            case TokenKind.String:
                _index++;
                string text = token.Text;
                while (Current.Kind == TokenKind.String)
                    text += _tokens[_index++].Text;
                return new ConstantExpr(text, true, token.Line);
            case TokenKind.Name:
                if (token.Text is "True" or "False" or "None")
                {
                    _index++;
                    return new ConstantExpr(token.Text, false, token.Line);
                }
                if (Keywords.Contains(token.Text))
                    throw Error($"the keyword '{token.Text}' where a value is expected");
                _index++;
                return new NameExpr(token.Text, token.Line);
        }
        if (Accept("..."))
            return new ConstantExpr("...", false, token.Line);
        if (Accept("("))
        {
            if (Accept(")"))
                return new TupleExpr([], token.Line);
            Enter();
            var first = Expression();
            if (Current.IsKeyword("for"))
                throw Error("a generator expression");
            Expr result = first;
            if (Current.Is(","))
            {
                var items = new List<Expr> { first };
                while (Accept(",") && !Current.Is(")"))
                    items.Add(Expression());
                result = new TupleExpr(items, token.Line);
            }
            _depth--;
            Expect(")");
            return result;
        }
        if (Accept("["))
        {
            var items = new List<Expr>();
            while (!Current.Is("]"))
            {
                items.Add(Expression());
                if (Current.IsKeyword("for"))
                    throw Error("a list comprehension");
                if (!Accept(","))
                    break;
            }
            Expect("]");
            return new ListExpr(items, token.Line);
        }
        if (Accept("{"))
        {
            var keys = new List<Expr>();
            var values = new List<Expr>();
            while (!Current.Is("}"))
            {
                keys.Add(Expression());
                if (!Accept(":"))
                    throw Error("a set literal or comprehension");
                values.Add(Expression());
                if (Current.IsKeyword("for"))
                    throw Error("a dict comprehension");
                if (!Accept(","))
                    break;
            }
            Expect("}");
            return new DictExpr(keys, values, token.Line);
        }
        throw Error($"unexpected {Describe(token)}");
    }

    private string Name()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name || Keywords.Contains(token.Text))
            throw Error($"a name expected, found {Describe(token)}");
        _index++;
        return token.Text;
    }

    private bool AtLineEnd() => Current.Kind is TokenKind.Newline or TokenKind.End or TokenKind.Dedent || Current.Is(";");

    private void EndOfLine()
    {
        if (Current.Is(";"))
            throw Error("';' between statements");
        if (Current.Kind == TokenKind.Newline)
            _index++;
        else if (Current.Kind is not (TokenKind.End or TokenKind.Dedent))
            throw Error($"end of line expected, found {Describe(Current)}");
    }

    private bool Accept(string op)
    {
        if (!Current.Is(op))
            return false;
        _index++;
        return true;
    }

    private void Expect(string op)
    {
        if (!Accept(op))
            throw Error($"'{op}' expected, found {Describe(Current)}");
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw Error($"nesting deeper than {MaxDepth} levels");
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.Name or TokenKind.Operator or TokenKind.Number => $"'{UntrustedText.QuoteAscii(token.Text)}'",
        TokenKind.String => "a string",
        _ => token.Kind.ToString().ToLowerInvariant(),
    };

    private CodeSyntaxException Error(string what) => new(what, Current.Line);
}
