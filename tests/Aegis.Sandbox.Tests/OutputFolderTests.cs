using System.Diagnostics;

namespace Aegis.Sandbox.Tests;

/// <summary>The output watch counts without following links and turns anything but plain files and folders into a violation.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aegis-output-").FullName;

    [Fact]
    public void PlainFilesInFoldersAreCounted()
    {
        File.WriteAllBytes(Path.Combine(_folder, "a.bin"), new byte[1000]);
        Directory.CreateDirectory(Path.Combine(_folder, "sub", "deeper"));
        File.WriteAllBytes(Path.Combine(_folder, "sub", "deeper", "b.bin"), new byte[3000]);

        var usage = OutputFolder.Measure(_folder);

        Assert.Null(usage.Violation);
        Assert.InRange(usage.Bytes, 4000, 4000 + 2 * 4096); // lengths, or blocks where they are larger
    }

    [Fact]
    public void ASparseFileCountsItsLength()
    {
        using (var file = File.Create(Path.Combine(_folder, "sparse.bin")))
            file.SetLength(1L << 30);

        Assert.Equal(1L << 30, OutputFolder.Measure(_folder).Bytes);
    }

    [Fact]
    public void ALinkIsAViolationNotItsTargetsSize()
    {
        File.CreateSymbolicLink(Path.Combine(_folder, "lib"), "/usr/lib");

        var usage = OutputFolder.Measure(_folder);

        Assert.Equal("it put a link, device, pipe or socket into its folder", usage.Violation);
        Assert.Equal(0, usage.Bytes);
    }

    [Fact]
    public void ALinkLoopIsAViolationAtOnce()
    {
        File.CreateSymbolicLink(Path.Combine(_folder, "a"), Path.Combine(_folder, "b"));
        File.CreateSymbolicLink(Path.Combine(_folder, "b"), Path.Combine(_folder, "a"));

        var clock = Stopwatch.StartNew();
        Assert.NotNull(OutputFolder.Measure(_folder).Violation);
        Assert.True(clock.ElapsedMilliseconds < 1000);
    }

    [Fact]
    public void APipeIsAViolation()
    {
        Process.Start("mkfifo", Path.Combine(_folder, "pipe"))!.WaitForExit();

        Assert.NotNull(OutputFolder.Measure(_folder).Violation);
    }

    [Fact]
    public void TooManyEntriesIsAViolationAndBoundsTheWork()
    {
        for (int i = 0; i <= OutputFolder.MaxEntries; i++)
            File.WriteAllBytes(Path.Combine(_folder, $"{i}.bin"), []);

        Assert.Contains("more than", OutputFolder.Measure(_folder).Violation);
    }

    [Fact]
    public void AFolderThatIsALinkCannotBeMeasuredThrough()
    {
        string inner = Path.Combine(_folder, "inner");
        File.CreateSymbolicLink(inner, "/usr/lib");

        Assert.NotNull(OutputFolder.Measure(inner).Violation);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
