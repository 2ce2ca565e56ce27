namespace Aegis.ModelSafety.Pickle;

/// <summary>
/// The pickle globals a TorchScript archive needs, and nothing else: the tensor rebuild function,
/// the storage types, OrderedDict (tensor hooks), the list-typing helpers of torch.jit._pickle,
/// torch.device, and classes the archive's own code defines. This is the set libtorch's
/// unpickler resolves (unpickler.cpp, readGlobal), minus quantized, sparse and subclassed tensors
/// and RRefs, which an image classifier for this scanner does not carry.
/// </summary>
internal static class PickleGlobalPolicy
{
    /// <summary>Storage types and their element size in bytes.</summary>
    public static readonly IReadOnlyDictionary<string, long> StorageElementSizes = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["FloatStorage"] = 4,
        ["DoubleStorage"] = 8,
        ["HalfStorage"] = 2,
        ["BFloat16Storage"] = 2,
        ["LongStorage"] = 8,
        ["IntStorage"] = 4,
        ["ShortStorage"] = 2,
        ["CharStorage"] = 1,
        ["ByteStorage"] = 1,
        ["BoolStorage"] = 1,
        ["ComplexFloatStorage"] = 8,
        ["ComplexDoubleStorage"] = 16,
    };

    public const string RebuildTensor = "torch._utils._rebuild_tensor_v2";

    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        RebuildTensor,
        "collections.OrderedDict",
        "torch.device",
        "torch.jit._pickle.build_intlist",
        "torch.jit._pickle.build_tensorlist",
        "torch.jit._pickle.build_doublelist",
        "torch.jit._pickle.build_boollist",
        "torch.jit._pickle.build_tensor_from_id",
        "torch.jit._pickle.restore_type_tag",
    };

    /// <summary>Why the global may not appear, or null when it may.</summary>
    public static string? Problem(string module, string name, Func<string, bool> isArchiveClass)
    {
        string qualified = $"{module}.{name}";
        if (Functions.Contains(qualified) || (module == "torch" && StorageElementSizes.ContainsKey(name)))
            return null;
        if (module == "__torch__" || module.StartsWith("__torch__.", StringComparison.Ordinal))
        {
            if (module.StartsWith("__torch__.torch.classes", StringComparison.Ordinal))
                return "a custom C++ class from a native library, not code in the archive";
            return isArchiveClass(qualified) ? null : "a class the archive's code does not define";
        }
        return module switch
        {
            "os" or "posix" or "nt" or "subprocess" or "pty" or "shutil" => "an operating-system function (runs programs or touches files)",
            "builtins" or "__builtin__" when name is "eval" or "exec" or "compile" or "open" or "getattr" or "__import__" or "apply" => "a Python builtin that evaluates code or opens files",
            "socket" or "http.client" or "urllib.request" or "requests" or "webbrowser" => "a network function",
            "runpy" or "importlib" or "pickle" or "marshal" or "types" or "ctypes" => "a function that loads or runs code",
            _ => "a global a TorchScript archive does not need (only tensor rebuilds, storage types, torch.jit._pickle helpers and the archive's own classes are allowed)",
        };
    }
}
