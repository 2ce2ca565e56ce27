using Aegis.Sandbox.Protocol;
using Aegis.Core.Verdicts;

namespace Aegis.Sandbox.Tests;

/// <summary>The parent trusts no array the sandbox names before checking name, type, shape, size, link and values.</summary>
public sealed class SandboxArraysTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aegis-arrays-").FullName;

    [Fact]
    public void AnArrayOfTheExpectedShapeIsReadAndDeleted()
    {
        var array = SandboxArrays.Write(_folder, "1-a.bin", new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);

        var (values, rows) = SandboxArrays.ReadFloat32(_folder, array, [-1, 2], 10, ArrayValues.Finite);

        Assert.Equal(3, rows);
        Assert.Equal([1f, 2, 3, 4, 5, 6], values);
        Assert.False(File.Exists(Path.Combine(_folder, "1-a.bin")));
    }

    [Fact]
    public void ALinkToAnotherFileIsRefused()
    {
        var secret = Path.Combine(_folder, "..", $"secret-{Guid.NewGuid():N}");
        File.WriteAllBytes(secret, new byte[24]);
        try
        {
            File.CreateSymbolicLink(Path.Combine(_folder, "1-a.bin"), secret);
            var failure = Assert.Throws<ScanFailureException>(() =>
                SandboxArrays.ReadFloat32(_folder, new ArrayRef("1-a.bin", ArrayRef.Float32, [3, 2]), [-1, 2], 10, ArrayValues.Finite));
            Assert.Equal(ErrorCodes.ModelCrashed, failure.Code);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("../1-a.bin", 3, 2)]     // not a plain name
    [InlineData("1-a.bin", 3, 3)]        // another shape than asked for
    [InlineData("1-a.bin", 30, 2)]       // more rows than allowed
    public void AReferenceThatDoesNotMatchIsRefused(string name, int rows, int columns)
    {
        SandboxArrays.Write(_folder, "1-a.bin", new float[6], 3, 2);

        Assert.Throws<ScanFailureException>(() =>
            SandboxArrays.ReadFloat32(_folder, new ArrayRef(name, ArrayRef.Float32, [rows, columns]), [-1, 2], 10, ArrayValues.Finite));
    }

    [Fact]
    public void AFileShorterThanItsShapeIsRefused()
    {
        File.WriteAllBytes(Path.Combine(_folder, "1-a.bin"), new byte[20]);

        Assert.Throws<ScanFailureException>(() =>
            SandboxArrays.ReadFloat32(_folder, new ArrayRef("1-a.bin", ArrayRef.Float32, [3, 2]), [-1, 2], 10, ArrayValues.Finite));
    }

    [Fact]
    public void PixelsOutsideTheUnitIntervalAndNonFiniteFeaturesAreRefused()
    {
        var pixels = SandboxArrays.Write(_folder, "1-p.bin", new float[] { 0, 1.5f }, 1, 2);
        Assert.Throws<ScanFailureException>(() => SandboxArrays.ReadFloat32(_folder, pixels, [1, 2], 1, ArrayValues.UnitInterval));

        var features = SandboxArrays.Write(_folder, "1-f.bin", new float[] { 0, float.NaN }, 1, 2);
        Assert.Throws<ScanFailureException>(() => SandboxArrays.ReadFloat32(_folder, features, [1, 2], 1, ArrayValues.Finite));
    }

    [Fact]
    public void LabelsOutsideTheClassesAreRefused()
    {
        var labels = SandboxArrays.Write(_folder, "1-l.bin", new[] { 0, 10 }, 2);

        Assert.Throws<ScanFailureException>(() => SandboxArrays.ReadLabels(_folder, labels, [2], 2, classes: 10));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
