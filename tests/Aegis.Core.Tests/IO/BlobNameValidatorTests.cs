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
    public void Accepts_ordinary_names(string name)
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
    public void Rejects_traversal_and_unprintable_names(string name, string expected)
    {
        var problem = BlobNameValidator.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        var error = Assert.Throws<ArgumentException>(() => BlobNameValidator.EnsureValid(name, "model"));
        Assert.StartsWith("Invalid model name:", error.Message);
    }

    [Fact]
    public void Rejects_null_unpaired_surrogates_and_overlong_names()
    {
        Assert.NotNull(BlobNameValidator.Problem(null));
        Assert.Contains("unpaired surrogate", BlobNameValidator.Problem("a\ud800b"));
        Assert.Contains("unpaired surrogate", BlobNameValidator.Problem("a\udc00"));
        Assert.Null(BlobNameValidator.Problem(new string('a', BlobNameValidator.MaxLength)));
        Assert.Contains("1025 characters", BlobNameValidator.Problem(new string('a', BlobNameValidator.MaxLength + 1)));
    }
}
