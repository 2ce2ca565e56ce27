using Aegis.Core.IO;

namespace Aegis.Core.Tests.IO;

public class BlobNameValidatorTests
{
    [Theory]
    [InlineData("model.pt")]
    [InlineData("team/a/model.pt")]
    [InlineData("fashion-mnist/train-images-idx3-ubyte.gz")]
    [InlineData("model.pt.aegis.json")]
    [InlineData("..model.pt")]
    [InlineData("a/.hidden/b")]
    [InlineData("modèle-😀.pt")]
    public void AcceptsOrdinaryNames(string name)
    {
        Assert.Null(BlobNameValidator.Problem(name));
        Assert.Equal(name, BlobNameValidator.EnsureValid(name, "model"));
    }

    [Theory]
    [InlineData("../approved/x.pt", "'..' path segment")]
    [InlineData("x/../../../../scans/id/status", "'..' path segment")]
    [InlineData("a/./b", "'.' path segment")]
    [InlineData("..", "'..' path segment")]
    [InlineData("/etc/passwd", "starts with '/'")]
    [InlineData("a\\..\\b", "'\\'")]
    [InlineData("a//b", "empty path segment")]
    [InlineData("a/", "empty path segment")]
    [InlineData("a\nb", "control character U+000A")]
    [InlineData("a\u0000b", "control character U+0000")]
    [InlineData("a\u0085b", "control character U+0085")]
    [InlineData("", "empty")]
    public void RejectsTraversalAndUnprintableNames(string name, string expected)
    {
        var problem = BlobNameValidator.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        var error = Assert.Throws<ArgumentException>(() => BlobNameValidator.EnsureValid(name, "model"));
        Assert.StartsWith("Invalid model name:", error.Message);
    }

    [Theory]
    [InlineData("\uFFFE.pt", "U+FFFE at position 0")]
    [InlineData("a\uFFFF.pt", "U+FFFF at position 1")]
    [InlineData("a\uFDD0", "U+FDD0")]
    [InlineData("a\uFDEF", "U+FDEF")]
    [InlineData("a\U0001FFFE", "U+1FFFE")]
    [InlineData("a\U0010FFFF", "U+10FFFF")]
    [InlineData("a/\U000EFFFF/b", "U+EFFFF at position 2")]
    public void RejectsUnicodeNoncharactersInEveryPlane(string name, string expected) =>
        Assert.Contains(expected, BlobNameValidator.Problem(name));

    [Fact]
    public void KnowsExactlyThe66Noncharacters()
    {
        var all = Enumerable.Range(0, 0x110000).Where(BlobNameValidator.IsNoncharacter).ToArray();
        Assert.Equal(66, all.Length);
        // Their neighbours are ordinary characters.
        Assert.Null(BlobNameValidator.Problem("\uFDCF\uFDF0\uFFFD.pt"));
        Assert.Null(BlobNameValidator.Problem("\U0001FFFD\U00020000.pt"));
    }

    [Fact]
    public void RejectsNullUnpairedSurrogatesAndOverlongNames()
    {
        Assert.NotNull(BlobNameValidator.Problem(null));
        Assert.Contains("unpaired surrogate", BlobNameValidator.Problem("a\ud800b"));
        Assert.Contains("unpaired surrogate", BlobNameValidator.Problem("a\udc00"));
        Assert.Null(BlobNameValidator.Problem(new string('a', BlobNameValidator.MaxLength)));
        Assert.Contains("1025 characters", BlobNameValidator.Problem(new string('a', BlobNameValidator.MaxLength + 1)));
    }
}
