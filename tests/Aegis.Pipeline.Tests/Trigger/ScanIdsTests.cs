using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Tests.Trigger;

public sealed class ScanIdsTests
{
    [Fact]
    public void OneBlobVersionHasOneIdWhetherItsETagIsQuotedOrNot()
    {
        Assert.Equal(ScanIds.For(new BlobRef("models", "m.pt", "\"0x8D1\"")), ScanIds.For(new BlobRef("models", "m.pt", "0x8D1")));
        Assert.True(ScanIds.IsScanId(ScanIds.For(new BlobRef("models", "m.pt", "0x8D1"))));
    }

    [Fact]
    public void TuplesThatJoinToTheSameTextGetDifferentIds()
    {
        Assert.NotEqual(ScanIds.For(new BlobRef("models", "a/b", "x")), ScanIds.For(new BlobRef("models/a", "b", "x")));
        Assert.NotEqual(ScanIds.For(new BlobRef("models", "m.pt", "1/2")), ScanIds.For(new BlobRef("models", "m.pt/1", "2")));
        Assert.NotEqual(ScanIds.For(new BlobRef("models", "m.pt", "0x1")), ScanIds.For(new BlobRef("models", "m.pt", "0x2")));
    }
}
