namespace Aegis.ModelSafety.Code;

/// <summary>
/// What serialized TorchScript may call. An image classifier needs convolutions, linear layers,
/// normalisation, activations, pooling, reshapes, arithmetic, comparisons, reductions, indexing,
/// tensor creation, and the list/string/control helpers PyTorch's own functional code uses (argument
/// checks, error messages). Everything else is refused: file and network I/O (aten::save,
/// aten::from_file), printing, threads (fork), autograd calls, custom operators from native
/// libraries (torch.ops.&lt;ns&gt;.*), and any operator not listed, known or not.
/// </summary>
internal static class OperatorPolicy
{
    /// <summary>aten operators, written as TorchScript prints them (<c>torch.conv2d</c>) or as tensor methods.</summary>
    public static readonly IReadOnlySet<string> Aten = new HashSet<string>(StringComparer.Ordinal)
    {
        // Convolution and linear layers.
        "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "_convolution", "convolution",
        "linear", "addmm", "mm", "bmm", "matmul", "baddbmm", "addmv", "mv", "dot", "einsum", "t",
        // Normalisation and dropout.
        "batch_norm", "native_batch_norm", "_batch_norm_impl_index", "instance_norm", "layer_norm", "native_layer_norm",
        "group_norm", "native_group_norm", "norm", "linalg_vector_norm", "frobenius_norm", "renorm",
        "dropout", "dropout_", "feature_dropout", "feature_dropout_", "alpha_dropout", "alpha_dropout_",
        "feature_alpha_dropout", "feature_alpha_dropout_", "native_dropout",
        // Activations.
        "relu", "relu_", "relu6", "relu6_", "leaky_relu", "leaky_relu_", "rrelu", "rrelu_", "prelu", "_prelu_kernel", "gelu", "gelu_",
        "silu", "silu_", "mish", "mish_", "sigmoid", "sigmoid_", "hardsigmoid", "hardsigmoid_", "tanh", "tanh_", "hardtanh", "hardtanh_",
        "hardswish", "hardswish_", "elu", "elu_", "selu", "selu_", "celu", "celu_", "softplus", "softshrink", "hardshrink",
        "threshold", "threshold_", "glu", "log_sigmoid", "softmax", "log_softmax", "_softmax", "_log_softmax",
        // Pooling, resampling, padding.
        "max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices", "max_pool2d_with_indices", "max_pool3d_with_indices",
        "avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "_adaptive_avg_pool2d",
        "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
        "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "native_channel_shuffle",
        "upsample_nearest1d", "upsample_nearest2d", "upsample_nearest3d", "upsample_linear1d", "upsample_bilinear2d",
        "upsample_bicubic2d", "upsample_trilinear3d", "_upsample_nearest_exact1d", "_upsample_nearest_exact2d", "_upsample_nearest_exact3d",
        "_upsample_bilinear2d_aa", "_upsample_bicubic2d_aa", "__interpolate", "__upsample", "__upsample_bilinear",
        "grid_sampler", "grid_sampler_2d", "affine_grid_generator",
        "pad", "constant_pad_nd", "reflection_pad1d", "reflection_pad2d", "reflection_pad3d",
        "replication_pad1d", "replication_pad2d", "replication_pad3d", "_pad_circular", "_pad_enum",
        // Attention (vision transformers).
        "scaled_dot_product_attention", "_native_multi_head_attention",
        // Shapes and views.
        "flatten", "unflatten", "view", "view_as", "reshape", "reshape_as", "permute", "transpose", "transpose_", "contiguous",
        "squeeze", "squeeze_", "unsqueeze", "unsqueeze_", "expand", "expand_as", "repeat", "repeat_interleave", "tile", "flip", "roll",
        "movedim", "narrow", "select", "slice", "chunk", "split", "split_with_sizes", "tensor_split", "unbind", "unsafe_chunk", "unsafe_split",
        "cat", "concat", "stack", "hstack", "vstack", "index_select", "gather", "masked_select", "tril", "triu", "diagonal", "numpy_T",
        "_reshape_from_tensor", "_shape_as_tensor", "size", "sym_size", "dim", "numel", "len",
        // Indexing and copies.
        "__getitem__", "index", "index_put", "index_put_", "_index_put_impl_", "_set_item", "masked_fill", "masked_fill_", "where",
        "scatter", "scatter_add", "index_fill_", "fill_", "zero_", "copy_", "clone", "detach", "detach_", "to", "type_as",
        "Int", "Float", "Bool", "ScalarImplicit", "IntImplicit", "FloatImplicit", "item", "is_floating_point", "is_complex", "requires_grad_",
        // Arithmetic.
        "add", "add_", "sub", "sub_", "rsub", "mul", "mul_", "div", "div_", "floor_divide", "floordiv", "true_divide", "remainder", "fmod",
        "neg", "neg_", "pow", "pow_", "sqrt", "sqrt_", "rsqrt", "exp", "exp_", "expm1", "log", "log_", "log2", "log10", "log1p",
        "abs", "abs_", "sign", "floor", "ceil", "round", "trunc", "frac", "reciprocal", "square", "clamp", "clamp_", "clamp_min",
        "clamp_min_", "clamp_max", "clamp_max_", "clip", "maximum", "minimum", "addcmul", "addcdiv", "lerp",
        "sin", "cos", "tan", "atan", "atan2", "erf", "erfinv", "sinh", "cosh", "__round_to_zero_floordiv", "divmod",
        // Reductions and ordering.
        "max", "min", "amax", "amin", "argmax", "argmin", "sum", "mean", "prod", "std", "var", "var_mean", "std_mean",
        "cumsum", "cumprod", "logsumexp", "topk", "sort", "argsort",
        // Comparisons and logic.
        "eq", "ne", "lt", "le", "gt", "ge", "__is__", "__isnot__", "__not__", "__and__", "__or__", "__xor__", "__contains__",
        "logical_and", "logical_or", "logical_not", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_not", "bitwise_xor",
        "isnan", "isinf", "isfinite", "all", "any", "equal", "allclose",
        // Tensor creation.
        "tensor", "scalar_tensor", "zeros", "zeros_like", "ones", "ones_like", "full", "full_like", "empty", "empty_like",
        "arange", "linspace", "eye", "new_zeros", "new_ones", "new_full", "new_empty",
        "rand", "randn", "rand_like", "randn_like", "bernoulli", "bernoulli_",
        // List, string and control helpers of TorchScript (argument checks and messages in torch.nn.functional).
        "append", "extend", "insert", "pop", "remove", "clear", "copy", "reverse", "list", "keys", "values", "items", "get",
        "setdefault", "count", "format", "join", "startswith", "endswith", "strip", "lower", "upper", "str", "sorted", "dict",
        "find", "_list_with_default", "__range_length", "__derive_index", "_unwrap_optional", "_assert", "device", "is_scripting",
        "is_grad_enabled", "is_autocast_enabled", "warn",
    };

    /// <summary>prim operators (<c>ops.prim.X</c>): tensor properties, number conversion, exceptions.</summary>
    public static readonly IReadOnlySet<string> Prim = new HashSet<string>(StringComparer.Ordinal)
    {
        "NumToTensor", "RaiseException", "dtype", "device", "layout", "is_cuda", "requires_grad", "shape", "data",
        "min", "max", "abs", "unchecked_unwrap_optional", "is_floating_point", "is_nested",
    };

    /// <summary>Python builtins TorchScript code may call or name.</summary>
    public static readonly IReadOnlySet<string> Builtins = new HashSet<string>(StringComparer.Ordinal)
    {
        "int", "float", "bool", "str", "complex", "len", "range", "min", "max", "abs", "round", "divmod", "sum", "any", "all",
        "isinstance", "getattr", "hasattr", "tuple", "list", "dict", "zip", "enumerate", "sorted",
        "annotate", "unchecked_cast", "uninitialized", "inf", "nan",
        "Exception", "RuntimeError", "ValueError", "TypeError", "AssertionError", "IndexError", "KeyError",
        "NotImplementedError", "ZeroDivisionError", "ArithmeticError",
    };

    /// <summary>Builtins whose first argument is a type, not a value.</summary>
    public static readonly IReadOnlySet<string> TypeFirstBuiltins = new HashSet<string>(StringComparer.Ordinal) { "annotate", "unchecked_cast", "uninitialized" };

    /// <summary>Names TorchScript accepts in type annotations.</summary>
    public static readonly IReadOnlySet<string> TypeNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Tensor", "int", "float", "complex", "bool", "str", "NoneType", "Any", "Device", "number", "Scalar", "Layout", "ScalarType",
        "MemoryFormat", "List", "Dict", "Optional", "Tuple", "Union", "Final",
    };

    /// <summary>What the operators people reach for when attacking a loader do, for the finding's message.</summary>
    public static string Explain(string ns, string name) => (ns, name) switch
    {
        ("aten", "save") or ("aten", "_save_for_mobile") => "writes a tensor to a file",
        ("aten", "from_file") or ("aten", "_load_for_mobile") or ("aten", "load") => "reads a file into a tensor",
        ("prim", "Print") or ("aten", "print") => "writes to the process's output",
        ("aten", "_fork") or ("aten", "wait") or ("aten", "_wait") or ("prim", "fork") or ("prim", "awaitable") => "starts work on another thread",
        ("aten", "sleep") => "stalls the process",
        ("aten", "set_") or ("aten", "as_strided") or ("aten", "as_strided_") or ("aten", "_set") or ("aten", "data_ptr") or ("aten", "storage") or ("aten", "untyped_storage")
            => "reaches tensor memory directly",
        ("aten", "grad") or ("aten", "backward") or ("aten", "_grad_sum_to_size") => "runs autograd from inside the model",
        ("prim", _) => "is not a prim operator a classifier needs",
        _ => "is not an operator an image classifier needs (not on the allowlist)",
    };
}
