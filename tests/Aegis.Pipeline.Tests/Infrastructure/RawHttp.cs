using System.Net.Sockets;
using System.Text;

namespace Aegis.Pipeline.Tests.Infrastructure;

/// <summary>
/// A request written by hand on a socket: the headers only, declaring a body that is never sent.
/// A server that answers has decided without reading the body; one that reads it would wait.
/// </summary>
internal static class RawHttp
{
    /// <returns>The status line and headers of the answer.</returns>
    public static async Task<string> SendHeadersOnlyAsync(Uri baseUrl, string method, string path, long declaredLength, params (string Name, string Value)[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = client.GetStream();
        var request = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\n");
        foreach (var (name, value) in headers)
            request.Append($"{name}: {value}\r\n");
        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
                break;
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return answer.ToString();
    }
}
