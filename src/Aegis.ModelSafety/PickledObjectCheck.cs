using Aegis.ModelSafety.Code;
using Aegis.ModelSafety.Pickle;
using Aegis.Core.Text;

namespace Aegis.ModelSafety;

/// <summary>
/// libtorch fills an archive object's slots from its pickled state without checking their types,
/// while the code is compiled against the class's declared attribute types: a submodule declared
/// as one class but pickled as another (with fewer slots) has its attributes read past the end of
/// its slots (a crash, or worse). So every object a pickle builds must hold, in each attribute
/// typed with an archive class, an object of exactly that class. Exports only declare such
/// attributes with one plain class; anything else naming an archive class cannot be matched and
/// is refused, as is an object that <c>__setstate__</c> restores from a state holding objects.
/// </summary>
internal static class PickledObjectCheck
{
    public static void Run(IReadOnlyList<BuiltObject> objects, CodeDefinitions definitions, string pickle, FindingCollector findings)
    {
        foreach (var built in objects)
        {
            if (!definitions.Classes.TryGetValue(built.Class, out var cls))
                continue;
            string location = $"{pickle}@{built.Offset}";
            if (cls.Methods.ContainsKey("__setstate__"))
            {
                if (HoldsObject(built.State))
                    findings.Unsafe("pickle-object", built.Class, location, $"{UntrustedText.QuoteAscii(built.Class)} is restored by __setstate__ from a state that holds archive objects, whose classes the check cannot match to what the code expects");
                continue;
            }
            if (built.State is not DictValue state)
                continue;
            foreach (var (name, type) in cls.Attributes)
            {
                if (DottedPath.ArchiveClassIn(type) is null)
                    continue;
                var value = state.Items.LastOrDefault(i => i.Key is StringValue key && key.Value == name).Value;
                if (Problem(type, value, definitions) is { } problem)
                    findings.Unsafe("pickle-object", $"{built.Class}.{name}", location, $"attribute {UntrustedText.QuoteAscii(name)} of {UntrustedText.QuoteAscii(built.Class)} {problem}");
            }
        }
    }

    private static string? Problem(Expr type, PickleValue? value, CodeDefinitions definitions)
    {
        if (definitions.Resolve(type) is not { } declared || definitions.Classes[declared.Qualified].Kind is "Interface" or "ModuleInterface")
            return $"is typed {UntrustedText.QuoteAscii(DottedPath.Of(type) ?? DottedPath.ArchiveClassIn(type))}; the check matches pickled objects only to attributes typed with one archive class";
        return value switch
        {
            ObjectValue { Class: var actual } when actual == declared.Qualified => null,
            ObjectValue { Class: var actual } => $"is declared {UntrustedText.QuoteAscii(declared.Qualified)} but pickled as {UntrustedText.QuoteAscii(actual)} (its slots would be read as the other class's)",
            null => null,
            _ => $"is declared {UntrustedText.QuoteAscii(declared.Qualified)} but its pickled value is not an object of that class",
        };
    }

    private static bool HoldsObject(PickleValue value) => value switch
    {
        ObjectValue => true,
        TupleValue tuple => tuple.Items.Any(HoldsObject),
        ListValue list => list.Items.Any(HoldsObject),
        DictValue dict => dict.Items.Any(i => HoldsObject(i.Key) || HoldsObject(i.Value)),
        _ => false,
    };
}
