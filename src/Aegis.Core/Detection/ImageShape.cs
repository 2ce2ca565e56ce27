namespace Aegis.Core.Detection;

/// <summary>Channels, height and width of one model input image.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
