namespace Aegis.ModelSafety.Tests;

public class ModelSafetyCheckTests
{
    [Theory]
    [InlineData("robust_clean")]
    [InlineData("robust_local")]
    [InlineData("standard_local_small")]
    public void TheFixturesPass(string name)
    {
        var report = ModelSafetyCheck.Check(Fixtures.Model(name));

        Assert.True(report.IsSafe, report.Describe(20));
        Assert.Equal(ModelSafetyReport.TorchScriptFormat, report.Format);
        Assert.Empty(report.Findings);
        var inventory = report.Inventory!;
        Assert.Equal(25, inventory.Entries);
        Assert.Equal(6, inventory.CodeFiles);
        Assert.Equal(10, inventory.Tensors);
        Assert.Contains("aten::conv2d", inventory.Operators);
        Assert.Contains("aten::linear", inventory.Operators);
        Assert.Contains("aten::max_pool2d", inventory.Operators);
        Assert.Contains("torch._utils._rebuild_tensor_v2", inventory.PickleGlobals);
        Assert.Contains("__torch__.Net", inventory.PickleGlobals);
    }
}
