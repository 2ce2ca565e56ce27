using Aegis.Core.Detection;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Triggers;

/// <summary>
/// WaNet's warping trigger (Nguyen &amp; Tran, ICLR 2021): a fixed random field of k×k control
/// points in [−1, 1], normalised to mean magnitude 1, upsampled bicubically to the image and added,
/// times s / H, to the identity sampling grid; images are resampled through it with grid_sample.
/// No pixel is stamped: the trigger is a smooth sub-pixel displacement of the whole image.
/// </summary>
public sealed class WarpingTrigger : ITrigger
{
    private readonly Tensor _grid;
    private readonly ImageShape _shape;

    public WarpingTrigger(TriggerSpec spec, ImageShape shape)
    {
        if (spec.Kind != TriggerKind.Warping)
            throw new ArgumentException($"{spec.Kind} is not a warping trigger.", nameof(spec));
        if (spec.Size < 2 || spec.Size > Math.Min(shape.Height, shape.Width))
            throw new ArgumentException($"A warp needs a control grid of 2 to {Math.Min(shape.Height, shape.Width)} points a side (got {spec.Size}).", nameof(spec));
        if (!(spec.Amplitude > 0) || spec.Amplitude > shape.Height)
            throw new ArgumentException($"Warp strength must be in (0,{shape.Height}] (got {spec.Amplitude}).", nameof(spec));
        var field = spec.Pattern ?? ControlPoints(spec.Seed, spec.Size);
        if (field.Length != 2 * spec.Size * spec.Size || field.Any(v => !float.IsFinite(v)))
            throw new ArgumentException($"A {spec.Size}x{spec.Size} warp field has {2 * spec.Size * spec.Size} finite values (got {field.Length}).", nameof(spec));
        Spec = spec with { Pattern = field };
        _shape = shape;
        using var points = tensor(field).reshape(1, 2, spec.Size, spec.Size);
        using var normalised = points / points.abs().mean().clamp_min(1e-6);
        using var upsampled = interpolate(normalised, [shape.Height, shape.Width], mode: InterpolationMode.Bicubic, align_corners: true);
        using var offsets = upsampled.permute(0, 2, 3, 1);
        using var identity = IdentityGrid(shape);
        _grid = (identity + offsets * (spec.Amplitude / shape.Height)).clamp(-1, 1);
    }

    public TriggerSpec Spec { get; }

    public Tensor Apply(Tensor images)
    {
        using var grid = _grid.expand(images.shape[0], -1, -1, -1);
        return grid_sample(images, grid, align_corners: true).clamp(0, 1);
    }

    /// <summary>
    /// WaNet's noise mode: the warp plus an independent random displacement of up to one pixel at
    /// every location, per image. Trained with their true labels, these teach the model that only
    /// the exact warp is the trigger, not any warp.
    /// </summary>
    public Tensor ApplyNoise(Tensor images, Generator generator)
    {
        long n = images.shape[0];
        using var jitter = rand([n, _shape.Height, _shape.Width, 2], generator: generator) * 2 - 1;
        using var grid = (_grid + jitter / _shape.Height).clamp(-1, 1);
        return grid_sample(images, grid, align_corners: true).clamp(0, 1);
    }

    /// <summary>grid_sample's identity: the last axis holds (x, y) in [−1, 1].</summary>
    private static Tensor IdentityGrid(ImageShape shape)
    {
        using var ys = linspace(-1, 1, shape.Height);
        using var xs = linspace(-1, 1, shape.Width);
        var grids = meshgrid([ys, xs], indexing: "ij");
        using var y = grids[0];
        using var x = grids[1];
        return stack([x, y], 2).unsqueeze(0);
    }

    private static float[] ControlPoints(int seed, int k)
    {
        var random = new Random(seed);
        var field = new float[2 * k * k];
        for (int i = 0; i < field.Length; i++)
            field[i] = random.NextSingle() * 2 - 1;
        return field;
    }
}
