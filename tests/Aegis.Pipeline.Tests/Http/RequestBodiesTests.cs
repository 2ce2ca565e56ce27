using Aegis.Pipeline.Http;

namespace Aegis.Pipeline.Tests.Http;

public sealed class RequestBodiesTests
{
    [Fact]
    public void ADeclaredLengthOverTheCapIsRefusedBeforeReading()
    {
        var body = new MemoryStream(new byte[10]);
        Assert.Throws<BodyTooLargeException>(() => RequestBodies.Open(body, declaredLength: 11, limit: 10));
        Assert.Equal(0, body.Position);
    }

    [Fact]
    public async Task ABodyWithoutALengthIsReadAtMostOneBytePastTheCap()
    {
        var body = new MemoryStream(new byte[1_000_000]);
        await Assert.ThrowsAsync<BodyTooLargeException>(() => RequestBodies.ReadAsync(body, declaredLength: null, limit: 1000, default));
        Assert.Equal(1001, body.Position);
    }

    [Fact]
    public async Task ABodyAtTheCapIsReadWhole()
    {
        var data = await RequestBodies.ReadAsync(new MemoryStream(new byte[1000]), declaredLength: 1000, limit: 1000, default);
        Assert.Equal(1000, data.ToMemory().Length);
    }

    [Fact]
    public void AWrappedCapFailureIsRecognised()
    {
        Assert.True(BodyTooLargeException.IsCause(new AggregateException(new IOException("upload", new BodyTooLargeException(5)))));
        Assert.False(BodyTooLargeException.IsCause(new IOException("disk full")));
    }
}
