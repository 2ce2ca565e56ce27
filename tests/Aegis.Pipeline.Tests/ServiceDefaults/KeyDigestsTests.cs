using Aegis.ServiceDefaults.Security;

namespace Aegis.Pipeline.Tests.ServiceDefaults;

public sealed class KeyDigestsTests
{
    [Fact]
    public void OnlyAnExactKeyMatches()
    {
        var keys = new KeyDigests(["first-key-0123456789", "second-key-0123456789"]);
        Assert.True(keys.Matches("first-key-0123456789"));
        Assert.True(keys.Matches("second-key-0123456789"));
        Assert.False(keys.Matches("first-key-012345678"));
        Assert.False(keys.Matches("first-key-0123456789 "));
        Assert.False(keys.Matches("FIRST-KEY-0123456789"));
        Assert.False(keys.Matches(""));
        Assert.False(keys.Matches(null));
    }

    [Fact]
    public void NoKeysMatchNothing()
    {
        Assert.False(new KeyDigests([]).Matches("anything-at-all-0123"));
    }
}
