using System.Text;

namespace Aegis.Sandbox;

/// <summary>
/// Drains the sandbox's standard error, where the runtime, libtorch and anything the model
/// prints end up. Only the last few kilobytes are kept, to recognise how a crash happened; none
/// of it reaches a verdict or log unless the operator asks for it (AEGIS_SANDBOX_DEBUG=1).
/// </summary>
internal sealed class ErrorTail(bool echo)
{
    private const int Keep = 16 * 1024;
    private readonly Lock _gate = new();
    private readonly StringBuilder _tail = new();

    public string Text
    {
        get
        {
            lock (_gate)
                return _tail.ToString();
        }
    }

    public async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[8192];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                int count = decoder.GetChars(buffer, 0, read, chars, 0);
                lock (_gate)
                {
                    _tail.Append(chars, 0, count);
                    if (_tail.Length > Keep)
                        _tail.Remove(0, _tail.Length - Keep);
                }
                if (echo)
                    await Console.Error.WriteAsync(chars.AsMemory(0, count));
            }
        }
        catch (IOException)
        {
        }
    }
}
