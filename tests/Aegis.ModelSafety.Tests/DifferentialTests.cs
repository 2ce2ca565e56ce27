using System.IO.Compression;

namespace Aegis.ModelSafety.Tests;

/// <summary>
/// For each construct the check allows, a real archive that uses it passes and a hostile variant,
/// made by editing that archive, is refused: the line between the two is where the check draws it.
/// </summary>
public sealed class DifferentialTests : IDisposable
{
    private const string Root = HostileArchives.Root;
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Construct → (the allowed archive, the hostile case of <see cref="HostileModels"/> that edits it).</summary>
    private static readonly Dictionary<string, (Func<string, string, string> Allowed, string Hostile)> Constructs = new()
    {
        ["zip64 end record repeating the classic one"] = (Copy, "zip64-disagrees-with-unmasked-classic"),
        ["data descriptors"] = (Copy, "data-descriptor-mismatch"),
        ["one directory"] = (Copy, "two-directories"),
        ["an end record with no comment"] = (Copy, "end-record-in-comment"),
        ["local extra fields (torch.jit.save's alignment padding)"] = (Copy, "unicode-path-field"),
        ["entries back to back from byte 0"] = (Plain, "bytes-between-entries"),
        ["local headers repeating the directory"] = (Plain, "local-name-mismatch"),
        ["deflated entries"] = (Deflated, "hidden-deflate-data"),
        ["distinct entry names"] = ((fixture, target) => Plain(fixture, target, ($"{Root}/extra/notes.txt", "notes"u8.ToArray())), "case-colliding-code"),
        ["unchecked_cast to a builtin type"] = (Code(HostileModels.AddToNet("  def cast(self: __torch__.Net) -> Tensor:\n    return unchecked_cast(Tensor, self.mean)\n")), "unchecked-cast-to-archive-class"),
        ["annotate with a builtin type"] = (Code(HostileModels.AddToNet("  def sizes(self: __torch__.Net) -> List[int]:\n    return annotate(List[int], [])\n")), "annotate-archive-class"),
        ["a parameter annotated with an archive class"] = (Code(HostileModels.TypeComment(withComment: false)), "type-comment"),
        ["one definition per class"] = (Copy, "duplicate-class"),
        ["one declaration per attribute"] = (Copy, "duplicate-attribute"),
        ["a submodule pickled as its declared class"] = (Copy, "pickled-class-mismatch"),
    };

    public static TheoryData<string> Names => [.. Constructs.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void TheAllowedConstructPassesAndItsHostileEditDoesNot(string construct)
    {
        var (allowed, hostile) = Constructs[construct];
        string fixture = Fixtures.Model(HostileArchives.Fixture);

        var passing = ModelSafetyCheck.Check(allowed(fixture, _folder.File($"allowed-{Guid.NewGuid():N}.pt")));
        var refused = ModelSafetyCheck.Check(HostileModels.Cases[hostile](fixture, _folder.File($"hostile-{Guid.NewGuid():N}.pt")));

        Assert.True(passing.IsSafe, passing.Describe(10));
        Assert.Equal(ModelSafetyStatus.Unsafe, refused.Status);
    }

    private static string Copy(string fixture, string target)
    {
        File.Copy(fixture, target);
        return target;
    }

    private static string Plain(string fixture, string target) => Plain(fixture, target, []);

    private static string Plain(string fixture, string target, params (string Name, byte[] Bytes)[] extra) =>
        RawZip.Plain(RawZip.EntriesOf(fixture).Concat(extra)).Save(target);

    private static string Deflated(string fixture, string target) =>
        HostileArchives.Write(target, RawZip.EntriesOf(fixture), CompressionLevel.Optimal);

    private static Func<string, string, string> Code(Func<string, string> edit) =>
        (fixture, target) => HostileModels.EditCode(fixture, target, edit);
}
