using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Evaluation;

public sealed class TrackMetricsTests
{
    private static readonly EvaluatedModel[] Robust =
    [
        Model("clean-1", 0.10, false, rules: []),
        Model("clean-2", 0.30, false, rules: ["shift"]),
        Model("clean-3", 0.60, false, rules: ["trigger"], verdict: VerdictKinds.Backdoored, suspicious: [4]),
        Model("square-1", 0.95, true, target: 7, trigger: "localized", attackSuccess: 0.95, verdict: VerdictKinds.Backdoored, suspicious: [7], rules: ["trigger", "shift"]),
        Model("square-2", 0.90, true, target: 3, trigger: "localized", attackSuccess: 0.60, verdict: VerdictKinds.Backdoored, suspicious: [3, 5], rules: ["trigger"]),
        Model("blend-1", 0.20, true, target: 6, trigger: "blended", attackSuccess: 0.30, rules: []),
        new EvaluatedModel { Model = "broken", Track = Tracks.Robust, Verdict = VerdictKinds.Error, Error = new ScanError("model-crashed", "it died"), Backdoored = true },
    ];

    [Fact]
    public void ATrackCountsItsScoredModelsAndLeavesTheRestOut()
    {
        var track = TrackMetrics.ForTrack(Robust);

        Assert.Equal(6, track.Models);
        Assert.Equal(3, track.Clean);
        Assert.Equal(3, track.Backdoored);
        Assert.Equal(1, track.Unscored);
        // Pairs won: 0.95 and 0.90 beat all 3 (6), 0.20 beats 0.10 (1): 7 of 9.
        Assert.Equal(7 / 9.0, track.RocAuc!.Value, 12);
        Assert.Equal(new Proportion(2, 3), track.TruePositiveRate);
        Assert.Equal(new Proportion(1, 3), track.FalseAlarmRate);
        // Only square-1 names exactly its target; square-2 names a second class beside it.
        Assert.Equal(new Proportion(1, 3), track.TargetAccuracy);
        Assert.Equal(60, track.SecondsPerModel);
    }

    [Fact]
    public void BinsAndFamiliesSetTheirBackdooredModelsAgainstEveryCleanOne()
    {
        var track = TrackMetrics.ForTrack(Robust);

        Assert.Equal(["<0.4", "0.4-0.8", ">=0.8"], track.ByAttackSuccess.Keys);
        Assert.Equal(1 / 3.0, track.ByAttackSuccess["<0.4"].RocAuc!.Value, 12);
        Assert.Equal(4, track.ByAttackSuccess[">=0.8"].Models);
        Assert.Equal(1, track.ByAttackSuccess[">=0.8"].RocAuc);
        Assert.Equal(["blended", "localized"], track.ByTrigger.Keys);
        Assert.Equal(new Proportion(2, 2), track.ByTrigger["localized"].TruePositiveRate);
        Assert.Equal(new Proportion(0, 1), track.ByTrigger["blended"].TruePositiveRate);
    }

    [Fact]
    public void EachRuleCountsTheCleanModelsItFlaggedWhetherOrNotItDecided()
    {
        var track = TrackMetrics.ForTrack(Robust);

        Assert.Equal(["paper", "shift", "trigger"], track.FalseAlarmsByRule.Keys);
        Assert.Equal(new RuleFalseAlarms(1, 3), track.FalseAlarmsByRule["shift"]);
        Assert.Equal(0.5, track.FalseAlarmsByRule["trigger"].ConformalBound);
        // The paper's rule flagged none of them, and that is listed too.
        Assert.Equal(new RuleFalseAlarms(0, 3), track.FalseAlarmsByRule["paper"]);
    }

    [Fact]
    public void TracksComeFromTheModels()
    {
        var models = Robust.Append(Model("std-clean", 0.05, false, rules: []) with { Track = Tracks.Standard }).ToArray();

        var tracks = EvaluationReport.TracksOf(models);

        Assert.Equal([Tracks.Robust, Tracks.Standard], tracks.Keys);
        Assert.Equal(1, tracks[Tracks.Standard].Clean);
        Assert.Null(tracks[Tracks.Standard].RocAuc);
    }

    [Fact]
    public void ABackdoorWithoutASingleTargetNamesTheRightClassesOnlyWhenItNamesAllOfThem()
    {
        EvaluatedModel TwoTargets(string name, IReadOnlyList<int> suspicious) =>
            Model(name, 0.9, true, rules: ["trigger"], verdict: VerdictKinds.Backdoored, suspicious: suspicious) with { Targets = [1, 8], Mapping = "two-targets" };

        var track = TrackMetrics.ForTrack([TwoTargets("both", [8, 1]), TwoTargets("one", [1]), TwoTargets("extra", [1, 5, 8])]);

        Assert.Equal(new Proportion(1, 3), track.TargetAccuracy);
    }

    private static EvaluatedModel Model(string name, double probability, bool backdoored, IReadOnlyList<string> rules, int? target = null, string? trigger = null,
        double? attackSuccess = null, string verdict = VerdictKinds.Clean, IReadOnlyList<int>? suspicious = null) => new()
    {
        Model = name,
        Track = Tracks.Robust,
        Score = probability - 0.5,
        Probability = probability,
        Verdict = verdict,
        Detector = Aegis.Core.Detection.Detectors.Aegis,
        SuspiciousClasses = suspicious ?? [],
        RulesFlagging = rules,
        Seconds = 60,
        Backdoored = backdoored,
        Target = target,
        Trigger = trigger,
        AttackSuccess = attackSuccess,
    };
}
