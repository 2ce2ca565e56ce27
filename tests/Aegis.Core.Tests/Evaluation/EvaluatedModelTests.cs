using Aegis.Core.Detection;
using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Evaluation;

public sealed class EvaluatedModelTests
{
    [Fact]
    public void AnAllToAllVerdictCountsForTheTriggerRuleItIsPartOf()
    {
        var verdict = new ScanVerdict
        {
            Verdict = VerdictKinds.Backdoored,
            SuspiciousClasses = [0, 1, 2, 3],
            Detector = Detectors.Aegis,
            Decision = new RuleSummary(DecisionRules.Trigger, "all-to-all") { AllToAll = true, AllToAllClasses = [1, 2], PaperRuleClasses = [0, 1, 2, 3] },
        };

        var model = EvaluatedModel.From("a2a", verdict, truth: null, verdictFile: null);

        Assert.Equal([DecisionRules.Trigger, DecisionRules.Paper], model.RulesFlagging);
        // Without the all-to-all finding nothing but the paper rule flagged.
        var plain = EvaluatedModel.From("plain", verdict with { Decision = verdict.Decision! with { AllToAll = false } }, truth: null, verdictFile: null);
        Assert.Equal([DecisionRules.Paper], plain.RulesFlagging);
    }
}
