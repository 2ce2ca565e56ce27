namespace Aegis.ModelSafety.Code;

/// <summary>One parsed code file: its qualifier (<c>code/__torch__/torch/nn/modules/conv.py</c> → <c>__torch__.torch.nn.modules.conv</c>), statements and the lines of its comments.</summary>
internal sealed record CodeUnit(string Qualifier, string Location, IReadOnlyList<Stmt> Statements, IReadOnlyList<int> CommentLines)
{
    /// <summary>The qualifier libtorch's source loader maps to this entry, or null when no qualified name reaches it.</summary>
    public static string? QualifierOf(string entryName)
    {
        const string prefix = "code/";
        const string suffix = ".py";
        var parts = entryName[prefix.Length..^suffix.Length].Split('/');
        foreach (var part in parts)
        {
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_') || !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                return null;
        }
        return string.Join('.', parts);
    }
}
