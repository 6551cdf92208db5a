using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

/// <summary>The rules of the brief, each with its edges: pass mark, hard indicator, vetoes, hotline deductions.</summary>
public sealed class CertificationEngineTests
{
    [Fact]
    public void Evaluate_PerfectScores_PassesWithTheWholeExplanation()
    {
        var e = Evaluations.Perfect().Evaluate();
        e.Verdict.ShouldBe(Verdict.Pass);
        e.FailureReasons.ShouldBeEmpty();
        e.Total.ShouldBe(100m);
        e.Subtotal.ShouldBe(100m);
        e.Indicators.Count.ShouldBe(14);
        e.Indicators.Single(i => i.Code == "A1").Hard.ShouldBeTrue();
        e.PassMark.ShouldBe(new PassMark(85m, new DateOnly(2022, 6, 14)));
        e.ScaleVersionId.ShouldBe("beijing-2022-06");
        e.CommunityCode.ShouldBe(Codes.Community);
    }

    [Theory]
    [InlineData(85.0, Verdict.Pass)]
    [InlineData(84.9, Verdict.Fail)]
    [InlineData(85.1, Verdict.Pass)]
    [InlineData(15, Verdict.Fail)]
    public void Evaluate_AtAndAroundThePassMark(double total, Verdict verdict)
    {
        var e = Evaluations.Perfect().WithTotal((decimal)total).Evaluate();
        e.Total.ShouldBe((decimal)total);
        e.Verdict.ShouldBe(verdict);
        if (verdict == Verdict.Fail) e.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
    }

    [Fact]
    public void Evaluate_GapToPassMark_IsWhatIsMissing()
    {
        Evaluations.Perfect().WithTotal(80m).Evaluate().GapToPassMark.ShouldBe(5m);
        Evaluations.Perfect().WithTotal(90m).Evaluate().GapToPassMark.ShouldBe(0m);
    }

    [Fact]
    public void Evaluate_HardIndicatorShort_FailsWhateverTheTotal()
    {
        var e = Evaluations.Perfect().WithScores(("A1", 14.5m)).Evaluate();
        e.Total.ShouldBe(99.5m);
        e.Verdict.ShouldBe(Verdict.Fail);
        e.FailureReasons.ShouldBe([FailureReason.HardIndicatorShort]);
        e.HardIndicatorsMet.ShouldBeFalse();
        e.Indicators.Single(i => i.Code == "A1").Met.ShouldBeFalse();
        e.Reasons().Single().ShouldContain("A1");
    }

    [Fact]
    public void Evaluate_HardIndicatorShortAndBelowPassMark_GivesBothReasons()
    {
        var e = Evaluations.Perfect().WithScores(("A1", 0m), ("A2", 0m)).Evaluate();
        e.FailureReasons.ShouldBe([FailureReason.BelowPassMark, FailureReason.HardIndicatorShort]);
    }

    [Theory]
    [InlineData(VetoKind.InspectionNotice)]
    [InlineData(VetoKind.MediaExposure)]
    [InlineData(VetoKind.CaseWithManagementLapse)]
    public void Evaluate_EachVetoKind_FailsAPerfectScoreAndNamesTheEvent(VetoKind kind)
    {
        var veto = Evaluations.Veto(kind);
        var e = Evaluations.Perfect().With(veto).Evaluate();
        e.Total.ShouldBe(100m);
        e.Verdict.ShouldBe(Verdict.Fail);
        e.FailureReasons.ShouldBe([FailureReason.Vetoed]);
        e.Vetoes.ShouldBe([veto]);
        e.Reasons().Single().ShouldContain(VetoKindNames.Of(kind));
    }

    [Fact]
    public void Evaluate_ACaseWithoutManagementLapse_IsNoVeto()
    {
        var e = Evaluations.Perfect().With(Evaluations.Veto(VetoKind.CaseWithManagementLapse, managementLapse: false)).Evaluate();
        e.Verdict.ShouldBe(Verdict.Pass);
        e.Vetoes.ShouldBeEmpty();
        e.NotCounted.Single().Reason.ShouldContain("无漏管失管");
    }

    [Fact]
    public void Evaluate_VetoesAnnulledClearedLaterOrElsewhere_DoNotCount()
    {
        var e = Evaluations.Perfect().With(
            Evaluations.Veto(VetoKind.MediaExposure, annulled: Times.AsOf.AddDays(-1)),
            Evaluations.Veto(VetoKind.InspectionNotice, cleared: Times.AsOf.AddDays(-2)),
            Evaluations.Veto(VetoKind.MediaExposure, occurred: Times.AsOf.AddSeconds(1)),
            Evaluations.Veto(VetoKind.InspectionNotice, community: Codes.Neighbour)).Evaluate();
        e.Verdict.ShouldBe(Verdict.Pass);
        e.NotCounted.Select(n => n.Reason).ShouldBe(["整改已验收通过", "事件已被撤销", "事件不属于本社区（村）", "事件发生在评定之后"], ignoreOrder: true);
    }

    [Fact]
    public void Evaluate_AVetoAnnulledOnlyAfterTheEvaluation_StillCounted()
    {
        var e = Evaluations.Perfect().With(Evaluations.Veto(VetoKind.MediaExposure, annulled: Times.AsOf.AddDays(1))).Evaluate();
        e.FailureReasons.ShouldBe([FailureReason.Vetoed]);
    }

    [Fact]
    public void Evaluate_LateAnswerAndDissatisfiedFollowUp_CostAPointEach()
    {
        var e = Evaluations.Perfect().With(
            Evaluations.Complaint("late", late: true),
            Evaluations.Complaint("unhappy", dissatisfied: true),
            Evaluations.Complaint("both", late: true, dissatisfied: true),
            Evaluations.Complaint("fine")).Evaluate();
        e.Deductions.Count.ShouldBe(4);
        e.Deductions.Count(d => d.ComplaintNumber == "both").ShouldBe(2);
        e.Deductions.ShouldContain(d => d.ComplaintNumber == "late" && d.Kind == DeductionKind.LateAnswer && d.Points == 1m);
        e.Deductions.ShouldContain(d => d.ComplaintNumber == "unhappy" && d.Kind == DeductionKind.DissatisfiedFollowUp);
        e.DeductionTotal.ShouldBe(4m);
        e.Total.ShouldBe(96m);
        e.NotCounted.Single().Reference.ShouldBe("fine");
    }

    [Fact]
    public void Evaluate_Deductions_AreCappedAtTheMaximum()
    {
        var e = Evaluations.Perfect().With(Evaluations.LateComplaints(12)).Evaluate();
        e.DeductionsUncapped.ShouldBe(12m);
        e.DeductionCap.ShouldBe(10m);
        e.DeductionTotal.ShouldBe(10m);
        e.Total.ShouldBe(90m);
        e.Deductions.Count.ShouldBe(12); // every complaint behind the deduction stays listed
    }

    [Fact]
    public void Evaluate_ADeductionThatCrossesThePassMark_Fails()
    {
        var e = Evaluations.Perfect().WithTotal(90m).With(Evaluations.LateComplaints(6)).Evaluate();
        e.Subtotal.ShouldBe(90m);
        e.Total.ShouldBe(84m);
        e.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
    }

    [Fact]
    public void Evaluate_TheTotalNeverGoesBelowZero()
    {
        var e = (Evaluations.Perfect() with { Scores = Scores.Zero(Scales.Beijing()) }).With(Evaluations.LateComplaints(5)).Evaluate();
        e.Total.ShouldBe(0m);
    }

    [Fact]
    public void Evaluate_ComplaintWindow_IncludesExactly30DaysBack_AndNothingOlderOrLater()
    {
        var e = Evaluations.Perfect().With(
            Evaluations.Complaint("edge", received: Times.AsOf.AddDays(-30), late: true),
            Evaluations.Complaint("old", received: Times.AsOf.AddDays(-30).AddSeconds(-1), late: true),
            Evaluations.Complaint("future", received: Times.AsOf.AddSeconds(1), late: true)).Evaluate();
        e.Deductions.Select(d => d.ComplaintNumber).ShouldBe(["edge"]);
        e.NotCounted.Where(n => n.Reason.Contains("30 天")).Select(n => n.Reference).ShouldBe(["old", "future"], ignoreOrder: true);
    }

    [Fact]
    public void Evaluate_ComplaintsAboutAnotherCommunityOrNotEpidemicRelated_DoNotCount()
    {
        var e = Evaluations.Perfect().With(
            Evaluations.Complaint("neighbour", late: true, community: Codes.Neighbour),
            Evaluations.Complaint("parking", late: true, epidemicRelated: false)).Evaluate();
        e.DeductionTotal.ShouldBe(0m);
        e.NotCounted.ShouldContain(n => n.Reference == "neighbour" && n.Reason.Contains("不属于本社区"));
        e.NotCounted.ShouldContain(n => n.Reference == "parking" && n.Reason == "非涉疫诉求");
    }

    [Fact]
    public void Evaluate_AnUnansweredComplaint_IsLateOnlyOnceItsDeadlinePassed()
    {
        var e = Evaluations.Perfect().With(
            Evaluations.Unanswered("overdue", Times.AsOf.AddDays(-5), TimeSpan.FromDays(3)),
            Evaluations.Unanswered("pending", Times.AsOf.AddDays(-1), TimeSpan.FromDays(3))).Evaluate();
        e.Deductions.Select(d => d.ComplaintNumber).ShouldBe(["overdue"]);
    }

    [Fact]
    public void Evaluate_AHotlineRuleChangedInANewScaleVersion_IsHonoured()
    {
        var scale = Scales.Variant(root =>
        {
            root["id"] = "beijing-2022-07";
            root.Hotline()["windowDays"] = 7;
            root.Hotline()["maximum"] = 3;
            root.Hotline()["perLateAnswer"] = 0.5;
        });
        var e = Evaluations.Perfect(scale).With(
            Evaluations.Complaint("recent", received: Times.AsOf.AddDays(-6), late: true),
            Evaluations.Complaint("eight days", received: Times.AsOf.AddDays(-8), late: true)).Evaluate();
        e.Deductions.Single().Points.ShouldBe(0.5m);
        e.Total.ShouldBe(99.5m);
        Evaluations.Perfect(scale).With(Evaluations.LateComplaints(6)).Evaluate().DeductionTotal.ShouldBe(3m);
    }

    [Fact]
    public void Evaluate_UsesThePassMarkInForceOnTheBeijingDate()
    {
        var scale = Scales.Beijing();
        var schedule = PassMarkSchedule.For(scale, [new PassMark(88m, new DateOnly(2022, 7, 1))]);
        var input = Evaluations.Perfect(scale).WithTotal(86m) with { PassMarks = schedule };

        var lastMinuteOfJune = (input with { AsOf = Times.Beijing(2022, 6, 30, 23, 59) }).Evaluate();
        lastMinuteOfJune.PassMark.Value.ShouldBe(85m);
        lastMinuteOfJune.Passes.ShouldBeTrue();

        var firstOfJuly = (input with { AsOf = new DateTimeOffset(2022, 6, 30, 16, 0, 0, TimeSpan.Zero) }).Evaluate(); // 00:00 in Beijing
        firstOfJuly.PassMark.Value.ShouldBe(88m);
        firstOfJuly.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
    }

    [Theory]
    [InlineData("A1", 15.5)]
    [InlineData("C5", -0.1)]
    [InlineData("B2", 3.25)]
    public void Evaluate_ScoresOutsideTheScale_AreRefused(string code, double score)
    {
        var ex = Should.Throw<Common.DomainException>(() => Evaluations.Perfect().WithScores((code, (decimal)score)).Evaluate());
        ex.Kind.ShouldBe(Common.DomainErrorKind.Invalid);
        ex.Code.ShouldBe("scores-invalid");
        ex.Errors.Keys.ShouldBe([code]);
    }

    [Fact]
    public void Evaluate_AMissingIndicatorOrAnUnknownOne_IsRefused()
    {
        var scale = Scales.Beijing();
        var missing = Scores.Perfect(scale);
        missing.Remove("B3");
        Should.Throw<Common.DomainException>(() => (Evaluations.Perfect() with { Scores = missing }).Evaluate()).Errors.Keys.ShouldBe(["B3"]);
        var unknown = Scores.Perfect(scale, ("D1", 1m));
        Should.Throw<Common.DomainException>(() => (Evaluations.Perfect() with { Scores = unknown }).Evaluate()).Errors.Keys.ShouldBe(["D1"]);
    }

    [Fact]
    public void Reasons_ReadAsChineseSentences()
    {
        Evaluations.Perfect().Evaluate().Reasons().Single().ShouldBe("总分 100 分，达到 85 分的达标线，硬性指标达标，无一票否决事项");
        Evaluations.Perfect().WithTotal(84.9m).Evaluate().Reasons().Single().ShouldBe("总分 84.9 分，低于 85 分的达标线（差 0.1 分）");
    }
}
