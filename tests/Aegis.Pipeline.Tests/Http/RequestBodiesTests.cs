using Aegis.Pipeline.Http;

namespace Aegis.Pipeline.Tests.Http;

public sealed class RequestBodiesTests
{
    [Fact]
    public void A_declared_length_over_the_cap_is_refused_before_reading()
    {
        var body = new MemoryStream(new byte[10]);
        Assert.Throws<BodyTooLargeException>(() => RequestBodies.Open(body, declaredLength: 11, limit: 10));
        Assert.Equal(0, body.Position);
    }

    [Fact]
    public async Task A_body_without_a_length_is_read_at_most_one_byte_past_the_cap()
    {
        var body = new MemoryStream(new byte[1_000_000]);
        await Assert.ThrowsAsync<BodyTooLargeException>(() => RequestBodies.ReadAsync(body, declaredLength: null, limit: 1000, default));
        Assert.Equal(1001, body.Position);
    }

    [Fact]
    public async Task A_body_at_the_cap_is_read_whole()
    {
        var data = await RequestBodies.ReadAsync(new MemoryStream(new byte[1000]), declaredLength: 1000, limit: 1000, default);
        Assert.Equal(1000, data.ToMemory().Length);
    }

    [Fact]
    public void A_wrapped_cap_failure_is_recognised()
    {
        Assert.True(BodyTooLargeException.IsCause(new AggregateException(new IOException("upload", new BodyTooLargeException(5)))));
        Assert.False(BodyTooLargeException.IsCause(new IOException("disk full")));
    }
}
