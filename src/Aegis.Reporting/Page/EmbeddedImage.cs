using System.Buffers.Binary;

namespace Aegis.Reporting.Page;

/// <summary>An artifact as an &lt;img&gt; with a data URI, so the page needs no other file and no network.</summary>
internal static class EmbeddedImage
{
    /// <summary>The &lt;img&gt; element, or null when the bytes are not a PNG, JPEG or SVG picture.</summary>
    public static string? Tag(byte[] bytes, string alt)
    {
        string? mime = MimeType(bytes);
        if (mime is null)
            return null;
        string size = mime == "image/png" && PngSize(bytes) is var (width, height) ? $" width=\"{width}\" height=\"{height}\"" : "";
        return $"<img src=\"data:{mime};base64,{Convert.ToBase64String(bytes)}\" alt=\"{Html.Text(alt)}\"{size}>";
    }

    private static string? MimeType(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return "image/png";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return "image/jpeg";
        var head = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 512)]);
        return head.TrimStart().StartsWith('<') && head.Contains("<svg", StringComparison.Ordinal) ? "image/svg+xml" : null;
    }

    /// <summary>Width and height from the IHDR chunk, which a PNG must start with.</summary>
    private static (int Width, int Height)? PngSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 24 || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
            return null;
        uint width = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16, 4));
        uint height = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(20, 4));
        return width is > 0 and < 100_000 && height is > 0 and < 100_000 ? ((int)width, (int)height) : null;
    }
}
