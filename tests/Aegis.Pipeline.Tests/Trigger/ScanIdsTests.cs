using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Tests.Trigger;

public sealed class ScanIdsTests
{
    [Fact]
    public void One_blob_version_has_one_id_whether_its_ETag_is_quoted_or_not()
    {
        Assert.Equal(ScanIds.For(new BlobRef("models", "m.pt", "\"0x8D1\"")), ScanIds.For(new BlobRef("models", "m.pt", "0x8D1")));
        Assert.True(ScanIds.IsScanId(ScanIds.For(new BlobRef("models", "m.pt", "0x8D1"))));
    }

    [Fact]
    public void Tuples_that_join_to_the_same_text_get_different_ids()
    {
        Assert.NotEqual(ScanIds.For(new BlobRef("models", "a/b", "x")), ScanIds.For(new BlobRef("models/a", "b", "x")));
        Assert.NotEqual(ScanIds.For(new BlobRef("models", "m.pt", "1/2")), ScanIds.For(new BlobRef("models", "m.pt/1", "2")));
        Assert.NotEqual(ScanIds.For(new BlobRef("models", "m.pt", "0x1")), ScanIds.For(new BlobRef("models", "m.pt", "0x2")));
    }
}
