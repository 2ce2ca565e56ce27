namespace Aegis.ModelSafety.Code;

internal enum TypeKind
{
    /// <summary>An instance of an archive class or interface (a module, a TorchScript class).</summary>
    Instance,

    /// <summary>An archive function, referenced as a value (<c>_1 = __torch__.torch.nn.functional.relu</c>).</summary>
    Function,

    /// <summary>An archive class referenced as a value (constructing it runs its <c>__init__</c>).</summary>
    Class,
}

/// <summary>A static type the checker can prove for a local: always one of the archive's own definitions.</summary>
internal sealed record TypeRef(TypeKind Kind, string Qualified);
