using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting;

public sealed record ImageGridOptions
{
    /// <summary>Screen pixels per image pixel (nearest neighbour), so a 28x28 digit is readable.</summary>
    public int Scale { get; init; } = 3;
    public int Columns { get; init; } = 8;
    /// <summary>Width of the lines between images.</summary>
    public int Separator { get; init; } = 1;
    public SKColor SeparatorColor { get; init; } = new(90, 110, 160);
    public string? Caption { get; init; }
    public float CaptionSize { get; init; } = 13;
}

/// <summary>
/// A grid of example images, row-major: image k sits in column k % Columns, row k / Columns,
/// each image framed by separator lines and the optional caption above the grid.
/// </summary>
public static class ImageGrid
{
    private const int CaptionPadding = 4;

    /// <summary>Renders images <paramref name="rows"/> of the NCHW array <paramref name="images"/>.</summary>
    public static SKBitmap Render(float[] images, ImageShape shape, IReadOnlyList<int> rows, ImageGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new ImageGridOptions();
        ImagePixels.EnsureDrawable(shape);
        if (options.Scale < 1 || options.Columns < 1 || options.Separator < 0)
            throw new ArgumentException($"Grid scale and columns must be at least 1 and the separator non-negative (got {options.Scale}, {options.Columns}, {options.Separator}).");
        if (rows.Count == 0)
            throw new ArgumentException("An image grid needs at least one image.");
        int available = images.Length / shape.Size;
        foreach (int row in rows)
            if (row < 0 || row >= available)
                throw new ArgumentException($"Image {row} is outside the {available} images of {shape} given.");

        var layout = Layout(shape, rows.Count, options);
        int width = Math.Max(layout.Width, (int)Math.Ceiling(CaptionWidth(options)));
        var bitmap = Canvas.Blank(width, layout.Top + layout.Height);
        Canvas.FillRect(bitmap, 0, layout.Top, layout.Width, layout.Height, options.SeparatorColor);
        for (int k = 0; k < rows.Count; k++)
        {
            var (left, top) = layout.CellOrigin(k);
            ImagePixels.Draw(bitmap, left, top, options.Scale, images, shape, rows[k]);
        }
        if (options.Caption is { Length: > 0 } caption)
            Canvas.Text(bitmap, caption, CaptionPadding, CaptionPadding, options.CaptionSize);
        return bitmap;
    }

    /// <summary>Where each image of a grid goes; public so a reader of the PNG can find image k.</summary>
    public static GridLayout Layout(ImageShape shape, int count, ImageGridOptions options)
    {
        int columns = Math.Min(options.Columns, count);
        int gridRows = (count + options.Columns - 1) / options.Columns;
        int cellWidth = shape.Width * options.Scale, cellHeight = shape.Height * options.Scale;
        int top = options.Caption is { Length: > 0 } ? (int)Math.Ceiling(options.CaptionSize * 1.4f) + 2 * CaptionPadding : 0;
        return new GridLayout(
            top,
            options.Separator + columns * (cellWidth + options.Separator),
            options.Separator + gridRows * (cellHeight + options.Separator),
            options.Columns, cellWidth, cellHeight, options.Separator);
    }

    private static float CaptionWidth(ImageGridOptions options) =>
        options.Caption is { Length: > 0 } caption ? Canvas.TextWidth(caption, options.CaptionSize) + 2 * CaptionPadding : 0;
}

/// <summary>Geometry of an <see cref="ImageGrid"/>: the grid starts at <see cref="Top"/> (below the caption).</summary>
public readonly record struct GridLayout(int Top, int Width, int Height, int Columns, int CellWidth, int CellHeight, int Separator)
{
    public (int Left, int Top) CellOrigin(int k) =>
        (Separator + k % Columns * (CellWidth + Separator), Top + Separator + k / Columns * (CellHeight + Separator));
}
