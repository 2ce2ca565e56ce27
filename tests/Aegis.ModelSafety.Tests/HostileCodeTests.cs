namespace Aegis.ModelSafety.Tests;

/// <summary>Real fixtures with their TorchScript code edited the way an attacker would: each must be refused, naming the operator and its line.</summary>
public class HostileCodeTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("_s = torch.save(x0, \"/tmp/aegis-pwned\")", "aten::save", "writes a tensor to a file")]
    [InlineData("_f = torch.from_file(\"/etc/passwd\", False, 64, dtype=0)", "aten::from_file", "reads a file into a tensor")]
    [InlineData("_s = ops.aten.save(x0, \"/tmp/aegis-pwned\")", "aten::save", "writes a tensor to a file")]
    [InlineData("_s = torch.ops.aten.save(x0, \"/tmp/aegis-pwned\")", "aten::save", "writes a tensor to a file")]
    [InlineData("_s = (x0).save(\"/tmp/aegis-pwned\")", "aten::save", "method .save()")]
    [InlineData("_c = torch.ops.evil.exfiltrate(x0)", "evil::exfiltrate", "custom operator")]
    [InlineData("_c = ops.evil.exfiltrate(x0)", "evil::exfiltrate", "custom operator")]
    [InlineData("_p = print(x0)", "print", "writes to the process's output")]
    [InlineData("_p = ops.prim.Print(x0)", "prim::Print", "writes to the process's output")]
    [InlineData("_g = getattr(torch, \"save\")", "torch", "used as a value")]
    [InlineData("_k = __torch__.torch.classes.evil.Reader(\"/etc/passwd\")", "__torch__.torch.classes.evil.Reader", "custom C++ class")]
    [InlineData("_u = torch.autograd.grad([x0], [x0])", "torch.autograd.grad", "not an operator the check allows")]
    [InlineData("_z = torch.frobnicate(x0)", "aten::frobnicate", "not on the allowlist")]
    public void AnUnsafeCallIsRefusedWithItsOperatorAndLine(string line, string subject, string message)
    {
        var (path, source) = HostileArchives.InsertInFeatures(_folder, line);

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(subject, finding.Subject);
        Assert.Equal($"code/__torch__.py:{HostileArchives.LineOf(source, line)}", finding.Location);
        Assert.Contains(message, finding.Message);
        Assert.DoesNotContain("/etc/passwd", report.Describe());
        Assert.Equal("model-unsafe", report.ErrorCode);
    }

    [Fact]
    public void AWhileLoopIsRefused()
    {
        var (path, source) = HostileArchives.InsertInFeatures(_folder, "while True:", "  x0 = torch.relu(x0)");

        var finding = Assert.Single(ModelSafetyCheck.Check(path).Findings);

        Assert.Equal("loop", finding.Rule);
        Assert.Equal($"code/__torch__.py:{HostileArchives.LineOf(source, "while True:")}", finding.Location);
    }

    [Fact]
    public void ABoundedForLoopOverAllowedOperatorsPasses()
    {
        var (path, _) = HostileArchives.InsertInFeatures(_folder, "for _i in range(3):", "  x0 = torch.relu(torch.add(x0, 1))");

        var report = ModelSafetyCheck.Check(path);

        Assert.True(report.IsSafe, report.Describe());
    }

    [Fact]
    public void EveryUnsafeCallIsListedNotOnlyTheFirst()
    {
        var (path, _) = HostileArchives.InsertInFeatures(_folder,
            "_f = torch.from_file(\"/etc/passwd\", False, 64, dtype=0)",
            "_s = torch.save(x0, \"/tmp/aegis-pwned\")",
            "_p = print(_f)");

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(["aten::from_file", "aten::save", "print"], report.Findings.Select(f => f.Subject));
        Assert.Contains("code/__torch__.py", report.Describe());
    }

    [Fact]
    public void AMethodCallOnALocalTheCheckCannotTypeMustBeAnAllowedOperator()
    {
        // `fc1` is reassigned to a tensor, so its type is no longer provably the Linear module.
        var (path, source) = HostileArchives.EditCode(_folder, s => s.Replace("    fc1 = self.fc1\n", "    fc1 = self.fc1\n    fc1 = x0\n"));

        var finding = Assert.Single(ModelSafetyCheck.Check(path).Findings);

        Assert.Equal("aten::forward", finding.Subject);
        Assert.Equal($"code/__torch__.py:{HostileArchives.LineOf(source, "(fc1).forward")}", finding.Location);
    }

    [Fact]
    public void CodeTheParserCannotReadMakesTheModelUnreadable()
    {
        var (path, _) = HostileArchives.InsertInFeatures(_folder, "_l = [y for y in x0]");

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unreadable, report.Status);
        Assert.Contains("list comprehension", Assert.Single(report.Findings).Message);
        Assert.Equal("model-unreadable", report.ErrorCode);
    }

    [Fact]
    public void AnImportOrWithStatementIsRefused()
    {
        var (path, _) = HostileArchives.EditCode(_folder, s => "import os\n" + s);
        Assert.Equal("import", Assert.Single(ModelSafetyCheck.Check(path).Findings).Subject);
    }

    [Theory]
    [InlineData("# note\r_s = torch.save(x0, \"/tmp/aegis-pwned\")", "carriage return")]
    [InlineData("if True:\n    \t_s = torch.relu(x0)", "tab in indentation")]
    [InlineData("_s = r\"raw\"", "end of line expected")]
    public void TextThatOtherReadersCouldSplitDifferentlyIsNotAccepted(string line, string message)
    {
        var (path, _) = HostileArchives.InsertInFeatures(_folder, line);

        var report = ModelSafetyCheck.Check(path);

        Assert.False(report.IsSafe);
        Assert.Contains(report.Findings, f => f.Message.Contains(message) || f.Subject == "aten::save");
    }
}
