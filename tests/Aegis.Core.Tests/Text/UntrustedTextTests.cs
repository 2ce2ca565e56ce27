using Aegis.Core.Text;

namespace Aegis.Core.Tests.Text;

public sealed class UntrustedTextTests
{
    [Theory]
    [InlineData("conv1.weight", "conv1.weight")]
    [InlineData("line\nbreak\r\u0007", "line?break??")]
    [InlineData("evil\u202Egnp.pt", "evil?gnp.pt")]
    [InlineData("zero\u200Bwidth", "zero?width")]
    [InlineData("non\uFFFEchar\uFDD0", "non?char?")]
    [InlineData("Fußball-Modell 😀", "Fußball-Modell 😀")]
    public void HidingAndBreakingCharactersShowAsQuestionMarks(string text, string expected) =>
        Assert.Equal(expected, UntrustedText.Quote(text));

    [Fact]
    public void ALoneSurrogateShowsAsOneQuestionMark()
    {
        // Built at run time: an attribute argument cannot hold a lone surrogate (metadata is UTF-8).
        string text = "lone" + (char)0xD800 + "surrogate" + (char)0xDC00;
        Assert.Equal("lone?surrogate?", UntrustedText.Quote(text));
    }

    [Fact]
    public void LongTextIsCutWithAnEllipsisAndShortTextIsKept()
    {
        Assert.Equal(new string('a', 10) + "…", UntrustedText.Quote(new string('a', 11), 10));
        Assert.Equal(new string('a', 10), UntrustedText.Quote(new string('a', 10), 10));
        Assert.Equal(UntrustedText.DefaultMaxLength + 1, UntrustedText.Quote(new string('x', 100_000)).Length);
        Assert.Equal("", UntrustedText.Quote(null));
    }

    [Fact]
    public void AsciiOnlyShowsLookAlikeLettersAsQuestionMarks()
    {
        // "torch" with a Greek omicron must not read as the real module name.
        Assert.Equal("t?rch.load", UntrustedText.QuoteAscii("t\u03BFrch.load"));
        Assert.Equal("torch.load", UntrustedText.QuoteAscii("torch.load"));
    }

    [Fact]
    public void AnEmojiCountsAsOneCharacterAndIsNeverCutInHalf()
    {
        Assert.Equal("😀😀…", UntrustedText.Quote("😀😀😀", 2));
    }
}
