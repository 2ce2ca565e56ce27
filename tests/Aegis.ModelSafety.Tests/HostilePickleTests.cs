using System.Text;

namespace Aegis.ModelSafety.Tests;

/// <summary>Pickles an attacker would plant in a TorchScript archive: found by reading opcodes, never by running them.</summary>
public class HostilePickleTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("data.pkl", "posix", "system", "operating-system function")]
    [InlineData("data.pkl", "builtins", "eval", "evaluates code")]
    [InlineData("constants.pkl", "subprocess", "check_output", "operating-system function")]
    [InlineData("code/__torch__.py.debug_pkl", "socket", "create_connection", "network function")]
    [InlineData("data.pkl", "torch", "load", "does not need")]
    public void APickleCallingADangerousGlobalIsRefused(string entry, string module, string name, string message)
    {
        string marker = $"aegis-marker-{Guid.NewGuid():N}";
        var path = HostileArchives.Replace(_folder, entry, HostileArchives.CallingPickle(module, name, $"/usr/bin/install /dev/null /tmp/{marker}"));

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        var finding = report.Findings.Single(f => f.Rule == "pickle-global");
        Assert.Equal($"{module}.{name}", finding.Subject);
        Assert.Equal($"{entry}@2", finding.Location);
        Assert.Contains(message, finding.Message);
        Assert.DoesNotContain(marker, report.Describe());
        Assert.False(File.Exists($"/tmp/{marker}"));
    }

    [Fact]
    public void AProtocol4PayloadIsNamedByItsOpcode()
    {
        // PROTO 4, SHORT_BINUNICODE 'os', SHORT_BINUNICODE 'system', STACK_GLOBAL, …
        byte[] payload = [0x80, 4, 0x8c, 2, (byte)'o', (byte)'s', 0x8c, 6, .. "system"u8, 0x93, 0x8c, 2, (byte)'i', (byte)'d', 0x85, (byte)'R', (byte)'.'];
        var path = HostileArchives.Replace(_folder, "data.pkl", payload);

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        Assert.Contains(report.Findings, f => f.Rule == "pickle-opcode" && f.Subject == "SHORT_BINUNICODE");
    }

    [Fact]
    public void AClassTheCodeDoesNotDefineIsRefused()
    {
        var data = HostileArchives.Entries().Single(e => e.Name.EndsWith("/data.pkl")).Bytes;
        var edited = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(data).Replace("__torch__\nNet\n", "__torch__\nNex\n"));
        var path = HostileArchives.Replace(_folder, "data.pkl", edited);

        var finding = Assert.Single(ModelSafetyCheck.Check(path).Findings);

        Assert.Equal("__torch__.Nex", finding.Subject);
        Assert.Contains("does not define", finding.Message);
    }

    [Fact]
    public void AStorageClaimingMoreThanItsRecordIsRefused()
    {
        // data/9 holds the 10 biases of fc2 (40 bytes); cut it to 8 bytes.
        var path = HostileArchives.Replace(_folder, "data/9", new byte[8]);

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("storage", finding.Rule);
        Assert.Contains("claims 10 x 4 bytes but its record data/9 holds 8", finding.Message);
    }

    [Fact]
    public void ATruncatedPickleIsUnreadable()
    {
        var data = HostileArchives.Entries().Single(e => e.Name.EndsWith("/data.pkl")).Bytes;
        var path = HostileArchives.Replace(_folder, "data.pkl", data[..(data.Length / 2)]);

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unreadable, report.Status);
        Assert.All(report.Findings, f => Assert.False(f.Blocking));
    }
}
