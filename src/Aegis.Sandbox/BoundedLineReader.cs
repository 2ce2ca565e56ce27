using System.Text;

namespace Aegis.Sandbox;

/// <summary>Reads UTF-8 lines from a stream without letting one line grow beyond a limit.</summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _line = new();
    private int _start, _end;

    public sealed class LineTooLongException() : Exception("A line exceeded the limit.");

    /// <returns>The next line without its newline, or null at the end of the stream.</returns>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                    return _line.Length > 0 ? Decode() : null;
            }
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            if (_line.Length + (stop - _start) > maxLineBytes)
                throw new LineTooLongException();
            _line.Write(_buffer, _start, stop - _start);
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
                return Decode();
        }
    }

    private string Decode() => Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length);
}
