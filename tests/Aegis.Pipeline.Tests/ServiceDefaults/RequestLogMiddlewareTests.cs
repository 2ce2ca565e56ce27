using Aegis.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Http;

namespace Aegis.Pipeline.Tests.ServiceDefaults;

public sealed class RequestLogMiddlewareTests
{
    [Fact]
    public void ALineBreakOrABidiOverrideInThePathCannotForgeALogLine()
    {
        var shown = RequestLogMiddleware.Printable(new PathString("/api/models/a\r\nHTTP GET /api/scans 200\u202Egnp.pt"));

        Assert.Equal("/api/models/a??HTTP GET /api/scans 200?gnp.pt", shown);
    }

    [Fact]
    public void ALongPathIsCutToABoundedLength()
    {
        var shown = RequestLogMiddleware.Printable(new PathString("/api/models/" + new string('a', 100_000)));

        Assert.Equal(RequestLogMiddleware.MaxPathLength + 1, shown.Length);
        Assert.EndsWith("…", shown);
    }
}
