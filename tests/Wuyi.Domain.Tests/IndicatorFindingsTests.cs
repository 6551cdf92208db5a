using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests;

/// <summary>
/// 独立评分 (issue 11): a finding (评定意见) is required on every indicator the district scores below the community's claim,
/// before it approves or rejects — in the preview and in the step itself. Other findings are allowed and kept.
/// </summary>
public sealed class IndicatorFindingsTests
{
    private static EvaluationInput Facts(Round round) => Evaluations.Perfect(round.Scale) with { AsOf = round.Now };

    private static Dictionary<string, string?> Findings(params (string Code, string? Text)[] findings) =>
        findings.ToDictionary(f => f.Code, f => f.Text, StringComparer.Ordinal);

    /// <summary>Recommended, on the self-assessment given (the community claims these scores).</summary>
    private static Round RecommendedClaiming(Dictionary<string, decimal> self)
    {
        var round = Round.InState(ApplicationState.Draft);
        round.Application.SaveSelfAssessment(Actors.Community(), round.Scale, self, null, round.Tick());
        return round.Do(Step.Submit).Do(Step.Recommend);
    }

    // ---- refused without a finding ----

    [Fact]
    public void ApprovePreview_LoweredWithoutFinding_IsRefusedNamingTheIndicatorAndBothScores_AndChangesNothing()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Application.PreviewApprove(Actors.District(), round.Scale,
            Scores.Perfect(round.Scale, ("A2", 8m)), null, null, null, Facts(round)));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("finding-required");
        ex.Message.ShouldBe("A2 区级评分低于社区自评（10 → 8），须填写评定意见");
        ex.Errors.Keys.ShouldBe(["indicatorFindings.A2"]);
        ex.Errors["indicatorFindings.A2"].ShouldBe(["A2 区级评分低于社区自评（10 → 8），须填写评定意见"]);
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void RejectPreview_LoweredWithoutFinding_IsRefused_NamingEveryIndicatorMissingOne_InScaleOrder()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("C1", 3m), ("A1", 12m), ("B2", 9.5m));

        var ex = Should.Throw<DomainException>(() => round.Application.PreviewReject(Actors.District(), round.Scale, scores, null,
            Findings(("B2", "隔离人员台账缺两户")), "卡口值守不到位", Facts(round)));

        ex.Code.ShouldBe("finding-required");
        ex.Message.ShouldBe("A1 区级评分低于社区自评（15 → 12），须填写评定意见；C1 区级评分低于社区自评（5 → 3），须填写评定意见");
        ex.Errors.Keys.ShouldBe(["indicatorFindings.A1", "indicatorFindings.C1"], ignoreOrder: true);
    }

    [Fact]
    public void RejectPreview_OnIncompleteScores_StillNeedsTheFindingOfALoweredOne()
    {
        var round = Round.InState(ApplicationState.Recommended);

        Should.Throw<DomainException>(() => round.Application.PreviewReject(Actors.District(), round.Scale, Scores.Of(("A1", 10m)), null, null,
            "卡口值守不到位", Facts(round))).Code.ShouldBe("finding-required");
    }

    [Fact]
    public void Approve_OnSavedScoresLoweredWithoutFinding_IsRefused_AndChangesNothing()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("A2", 8m));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, null, round.Tick()); // a draft of the scores may lack them
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), round.Evaluate(scores), null, round.Tick()));

        ex.Code.ShouldBe("finding-required");
        ex.Message.ShouldContain("A2 区级评分低于社区自评（10 → 8）");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Reject_OnSavedScoresLoweredWithoutFinding_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        round.Application.SaveEvaluation(Actors.District(), round.Scale, Scores.Perfect(round.Scale, ("A1", 12m)), null, null, round.Tick());
        var before = round.Snap();

        Should.Throw<DomainException>(() => round.Application.Reject(Actors.District(), "硬性指标未满分", null, round.Tick())).Code.ShouldBe("finding-required");
        round.Snap().ShouldBe(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n　")] // an ideographic space too
    [InlineData(null)]
    public void ABlankFinding_IsNoFinding(string? blank)
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("A2", 8m));

        Should.Throw<DomainException>(() => round.Application.PreviewApprove(Actors.District(), round.Scale, scores, null,
            Findings(("A2", blank)), null, Facts(round))).Code.ShouldBe("finding-required");
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, Findings(("A2", blank)), round.Tick());
        round.Application.DistrictIndicatorFindings.ShouldBeEmpty();
    }

    // ---- accepted with one ----

    [Fact]
    public void Approve_LoweredWithFinding_IsAccepted_AndTheFindingIsKeptTrimmed()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("A2", 8m));
        var findings = Findings(("A2", "  “四件套”查验抽查两次，一次未查验健康码  "));

        var will = round.Application.PreviewApprove(Actors.District(), round.Scale, scores, null, findings, null, Facts(round));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, findings, round.Tick());
        round.Application.Approve(Actors.District(), round.Evaluate(scores), null, round.Tick());

        will.Verdict!.Passes.ShouldBeTrue();
        round.Application.State.ShouldBe(ApplicationState.Approved);
        round.Application.DistrictIndicatorFindings.ShouldBe(new Dictionary<string, string> { ["A2"] = "“四件套”查验抽查两次，一次未查验健康码" });
    }

    [Fact]
    public void Reject_LoweredWithFinding_IsAccepted()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("A1", 12m));
        var findings = Findings(("A1", "夜间抽查两次，卡口均无人值守"));

        round.Application.PreviewReject(Actors.District(), round.Scale, scores, null, findings, "硬性指标未满分", Facts(round));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, findings, round.Tick());
        round.Application.Reject(Actors.District(), "硬性指标未满分", null, round.Tick());

        round.Application.State.ShouldBe(ApplicationState.Rejected);
        round.Application.DistrictIndicatorFindings["A1"].ShouldBe("夜间抽查两次，卡口均无人值守");
    }

    [Fact]
    public void EqualOrRaisedScores_NeedNoFinding()
    {
        // The community under-claims A2 and A3; the district agrees on A2 and gives more on A3.
        var round = RecommendedClaiming(Scores.Perfect(Scales.Beijing(), ("A2", 8m), ("A3", 3m)));
        var scores = Scores.Perfect(round.Scale, ("A2", 8m), ("A3", 4.5m));

        round.Application.PreviewApprove(Actors.District(), round.Scale, scores, null, null, null, Facts(round)).Verdict!.Passes.ShouldBeTrue();
        round.Application.PreviewReject(Actors.District(), round.Scale, scores, null, null, "抽查不通过", Facts(round));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, null, round.Tick());
        round.Application.Approve(Actors.District(), round.Evaluate(scores), null, round.Tick());

        round.Application.State.ShouldBe(ApplicationState.Approved);
    }

    [Fact]
    public void AnIndicatorTheCommunityDidNotScore_IsNotLowered()
    {
        FindingsByIndicator.Lowered(Scores.Of(("A1", 15m)), Scores.Of(("A1", 15m), ("A2", 0m))).ShouldBeEmpty();
        FindingsByIndicator.Lowered(Scores.Of(("A2", 10m), ("A10", 2m), ("A1", 15m)), Scores.Of(("A10", 1m), ("A2", 9m), ("A1", 14.5m)))
            .Select(l => l.Code).ShouldBe(["A1", "A2", "A10"]); // in code order, A10 after A2
    }

    [Fact]
    public void FindingsOnIndicatorsNotLowered_AreAllowedAndKept()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("A2", 8m));
        var findings = Findings(("A2", "查验不全"), ("B1", "台账规范，可作示范"), ("C5", " "));

        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, findings, round.Tick());
        round.Application.Approve(Actors.District(), round.Evaluate(scores), null, round.Tick());

        round.Application.DistrictIndicatorFindings.ShouldBe(new Dictionary<string, string> { ["A2"] = "查验不全", ["B1"] = "台账规范，可作示范" }, ignoreOrder: true);
    }

    // ---- what a finding may be ----

    [Fact]
    public void AFindingOnAnUnknownIndicator_IsRefused_InSavingAndInTheDecisions()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();
        var findings = Findings(("Z9", "无此指标"));

        var saved = Should.Throw<DomainException>(() => round.Application.SaveEvaluation(Actors.District(), round.Scale, Scores.Perfect(round.Scale), null,
            findings, round.Tick()));
        saved.Code.ShouldBe("indicator-unknown");
        saved.Errors["indicatorFindings.Z9"].Single().ShouldContain("没有指标 Z9");
        Should.Throw<DomainException>(() => round.Application.PreviewApprove(Actors.District(), round.Scale, Scores.Perfect(round.Scale), null, findings, null,
            Facts(round))).Code.ShouldBe("indicator-unknown");
        Should.Throw<DomainException>(() => round.Application.PreviewReject(Actors.District(), round.Scale, Scores.Perfect(round.Scale), null, findings, "不通过",
            Facts(round))).Code.ShouldBe("indicator-unknown");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void AFinding_IsKeptAtItsLimit_AndRefusedOneCharacterLonger_NamingTheIndicator()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scores = Scores.Perfect(round.Scale, ("A1", 12m));
        TextLimits.IndicatorFinding.Max.ShouldBe(1000);

        var ex = Should.Throw<DomainException>(() => round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null,
            Findings(("A1", new string('值', 1001))), round.Tick()));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, null, Findings(("A1", new string('值', 1000))), round.Tick());

        ex.Code.ShouldBe("text-too-long");
        ex.Errors["indicatorFindings.A1"].ShouldBe(["“A1 坚持24小时卡口值守的评定意见”不能超过 1000 字（当前 1,001 字）"]);
        round.Application.DistrictIndicatorFindings["A1"].Length.ShouldBe(1000);
    }
}
