namespace Aegis.ModelSafety.Tests;

/// <summary>
/// Every case of <see cref="HostileModels"/> (issue 16's findings and their neighbours, built from
/// the robust_clean fixture) is refused, for the reason it was built to show.
/// </summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("two-directories", "archive-layout", "disagree: libtorch reads the first")]
    [InlineData("end-record-in-comment", "archive-layout", "bytes between this entry and the one before")]
    [InlineData("case-colliding-code", "archive-entry", "differs from another's only in case")]
    [InlineData("prepended-entry", "archive-layout", "bytes before the first entry")]
    [InlineData("directory-between-directory-and-end", "archive-layout", "bytes between the directory and the end records")]
    [InlineData("local-name-mismatch", "archive-layout", "the local header names the entry")]
    [InlineData("zip64-disagrees-with-unmasked-classic", "archive-layout", "(directory at byte 444370, 24 entries) and the classic end record (directory at byte 444370, 25 entries)")]
    [InlineData("masked-end-without-zip64", "archive-layout", "no zip64 locator precedes it")]
    [InlineData("zip64-locator-elsewhere", "archive-layout", "points at byte 0")]
    [InlineData("data-descriptor-mismatch", "archive-layout", "data descriptor's CRC or sizes differ")]
    [InlineData("bytes-between-entries", "archive-layout", "16 bytes between this entry and the one before")]
    [InlineData("entry-inside-entry", "archive-layout", "overlaps the one before it")]
    [InlineData("appended-archive", "archive-layout", "bytes between the directory and the end records")]
    [InlineData("unknown-method", "archive-entry", "compression method 12")]
    [InlineData("unknown-flags", "archive-entry", "general-purpose flags 0x2800")]
    [InlineData("unicode-path-field", "archive-entry", "Unicode path")]
    [InlineData("hidden-deflate-data", "archive-entry", "more than deflate produces")]
    [InlineData("type-comment", "code", "'# type:' comment")]
    [InlineData("unchecked-cast-to-archive-class", "code", "unchecked_cast to __torch__.torch.nn.modules.conv.Conv2d")]
    [InlineData("annotate-archive-class", "code", "annotate to __torch__.torch.nn.modules.linear.Linear")]
    [InlineData("duplicate-class", "code", "a second definition of Net")]
    [InlineData("duplicate-attribute", "code", "a second declaration of fc1")]
    [InlineData("pickled-class-mismatch", "pickle-object", "declared __torch__.torch.nn.modules.conv.Conv2d but pickled as __torch__.torch.nn.modules.linear.Linear")]
    public void AHostileModelIsUnsafeForTheReasonItWasBuilt(string name, string rule, string message)
    {
        var report = ModelSafetyCheck.Check(Build(name));

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        Assert.Contains(report.Findings, f => f.Rule == rule && f.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void AnEncryptedEntryCannotBeChecked()
    {
        var report = ModelSafetyCheck.Check(Build("encrypted-entry"));

        Assert.Equal(ModelSafetyStatus.Unreadable, report.Status);
        Assert.Contains("encrypted", Assert.Single(report.Findings).Message);
    }

    [Fact]
    public void EveryCaseIsTested()
    {
        var tested = typeof(HostileModelTests).GetMethod(nameof(AHostileModelIsUnsafeForTheReasonItWasBuilt))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).Append("encrypted-entry");

        Assert.Equal(HostileModels.Cases.Keys.Order(), tested.Order());
    }

    [Fact]
    public void NoCaseYieldsACanonicalCopy()
    {
        foreach (var name in HostileModels.Cases.Keys)
        {
            string copy = _folder.File($"{name}-canonical.pt");

            var report = ModelSafetyCheck.CheckAndCanonicalize(Build(name), copy);

            Assert.False(report.IsSafe, name);
            Assert.Null(report.CanonicalCopy);
            Assert.False(File.Exists(copy), name);
        }
    }

    [Theory]
    [InlineData("robust_clean")]
    [InlineData("robust_local")]
    [InlineData("standard_local_small")]
    public void ThePlainRewriteTheCasesStartFromPasses(string fixture)
    {
        // The hostile cases write entries with RawZip; written plainly, the same entries pass, so each
        // case is refused for what it changes, not for how RawZip writes.
        var path = RawZip.Plain(RawZip.EntriesOf(Fixtures.Model(fixture))).Save(_folder.File($"{fixture}-plain.pt"));

        var report = ModelSafetyCheck.Check(path);

        Assert.True(report.IsSafe, report.Describe(20));
    }

    private string Build(string name) => HostileModels.Cases[name](Fixtures.Model(HostileArchives.Fixture), _folder.File($"{name}-{Guid.NewGuid():N}.pt"));
}
