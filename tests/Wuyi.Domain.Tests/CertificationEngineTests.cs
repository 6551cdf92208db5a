using System.Globalization;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

public class CertificationEngineTests
{
    private const string Lapse = "出现病例但无漏管失管，不实行一票否决";

    // ---- scores and the pass mark (rule 1) ----

    [Fact]
    public void Evaluate_PerfectScoresNoEvents_PassesWith100()
    {
        var explanation = Evaluations.Perfect().Evaluate();

        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.Passes.ShouldBeTrue();
        explanation.FailureReasons.ShouldBeEmpty();
        explanation.Subtotal.ShouldBe(100m);
        explanation.Total.ShouldBe(100m);
        explanation.DeductionTotal.ShouldBe(0m);
        explanation.HardIndicatorsMet.ShouldBeTrue();
        explanation.PassMark.ShouldBe(new PassMark(85m, new DateOnly(2022, 6, 14)));
        explanation.GapToPassMark.ShouldBe(0m);
    }

    [Fact]
    public void Evaluate_TotalExactlyAtPassMark_Passes()
    {
        var explanation = Evaluations.Perfect().WithTotal(85.0m).Evaluate();

        explanation.Total.ShouldBe(85.0m);
        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.FailureReasons.ShouldBeEmpty();
        explanation.GapToPassMark.ShouldBe(0m);
    }

    [Fact]
    public void Evaluate_TotalJustBelowPassMark_Fails()
    {
        var explanation = Evaluations.Perfect().WithTotal(84.9m).Evaluate();

        explanation.Total.ShouldBe(84.9m);
        explanation.Verdict.ShouldBe(Verdict.Fail);
        explanation.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
        explanation.GapToPassMark.ShouldBe(0.1m);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(85.1, true)]
    [InlineData(85, true)]
    [InlineData(84.9, false)]
    [InlineData(60, false)]
    [InlineData(15, false)]
    public void Evaluate_Total_PassesFrom85Up(double total, bool passes)
    {
        var explanation = Evaluations.Perfect().WithTotal((decimal)total).Evaluate();

        explanation.Total.ShouldBe((decimal)total);
        explanation.Passes.ShouldBe(passes);
    }

    [Fact]
    public void Evaluate_Scores_AreReportedPerIndicatorInScaleOrder()
    {
        var explanation = Evaluations.Perfect().WithScores(("A2", 7.5m), ("C3", 4m)).Evaluate();

        explanation.Indicators.Count.ShouldBe(14);
        explanation.Indicators.Select(i => i.Code).ShouldBe(Scales.Beijing().Indicators.Select(i => i.Code));
        explanation.Indicators.Single(i => i.Code == "A2")
            .ShouldBe(new IndicatorResult("A2", "A", Scales.Beijing().Find("A2")!.Name, 10m, 7.5m, false));
        explanation.Indicators.Single(i => i.Code == "C3").Score.ShouldBe(4m);
        explanation.Indicators.Single(i => i.Code == "A1").Hard.ShouldBeTrue();
        explanation.Subtotal.ShouldBe(96.5m);
        explanation.Total.ShouldBe(96.5m);
    }

    [Fact]
    public void Evaluate_EchoesScaleCommunityAndAsOf()
    {
        var input = Evaluations.Perfect();

        var explanation = input.Evaluate();

        explanation.ScaleVersionId.ShouldBe("beijing-2022-06");
        explanation.CommunityCode.ShouldBe(Codes.Community);
        explanation.AsOf.ShouldBe(Times.AsOf);
    }

    [Fact]
    public void Evaluate_PassMarkFromTheScheduleNotTheScale_IsUsed()
    {
        var input = Evaluations.Perfect().WithTotal(86m);
        input = input with { PassMarks = new PassMarkSchedule([new PassMark(90m, new DateOnly(2022, 6, 1))]) };

        var explanation = input.Evaluate();

        explanation.PassMark.Value.ShouldBe(90m);
        explanation.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
    }

    // ---- the hard indicator (rule 2) ----

    [Fact]
    public void Evaluate_HardIndicatorShortByHalfOtherwisePerfect_FailsAt99_5()
    {
        var explanation = Evaluations.Perfect().WithScores(("A1", 14.5m)).Evaluate();

        explanation.Total.ShouldBe(99.5m);
        explanation.Verdict.ShouldBe(Verdict.Fail);
        explanation.FailureReasons.ShouldBe([FailureReason.HardIndicatorShort]);
        explanation.HardIndicatorsMet.ShouldBeFalse();
        explanation.Indicators.Single(i => i.Code == "A1").Met.ShouldBeFalse();
        explanation.Indicators.Where(i => i.Code != "A1").ShouldAllBe(i => i.Met);
    }

    [Fact]
    public void Evaluate_HardIndicatorZeroAndTotalLow_FailsForBothReasons()
    {
        var explanation = Evaluations.Perfect().WithScores(("A1", 0m), ("A2", 5m)).Evaluate();

        explanation.Total.ShouldBe(80m);
        explanation.FailureReasons.ShouldBe([FailureReason.BelowPassMark, FailureReason.HardIndicatorShort]);
    }

    [Fact]
    public void Evaluate_NonHardIndicatorAtZero_IsNoHardFailure()
    {
        var explanation = Evaluations.Perfect().WithScores(("A2", 0m)).Evaluate();

        explanation.Total.ShouldBe(90m);
        explanation.HardIndicatorsMet.ShouldBeTrue();
        explanation.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Evaluate_SecondHardIndicatorInAScaleVersion_IsHonoured()
    {
        var scale = Scales.Variant(root => root.Indicator("B1")["hard"] = true);

        var explanation = Evaluations.Perfect(scale).WithScores(("B1", 9.9m)).Evaluate();

        explanation.Total.ShouldBe(99.9m);
        explanation.FailureReasons.ShouldBe([FailureReason.HardIndicatorShort]);
        explanation.Indicators.Where(i => !i.Met).Select(i => i.Code).ShouldBe(["B1"]);
    }

    [Fact]
    public void IndicatorResult_Met_OnlyHardIndicatorsShortOfFullPoints()
    {
        new IndicatorResult("A1", "A", "x", 15m, 15m, true).Met.ShouldBeTrue();
        new IndicatorResult("A1", "A", "x", 15m, 14.9m, true).Met.ShouldBeFalse();
        new IndicatorResult("A2", "A", "x", 10m, 0m, false).Met.ShouldBeTrue();
    }

    // ---- one-vote vetoes (rule 3) ----

    [Theory]
    [InlineData(VetoKind.InspectionNotice)]
    [InlineData(VetoKind.MediaExposure)]
    [InlineData(VetoKind.CaseWithManagementLapse)]
    public void Evaluate_VetoOfEachKind_FailsAPerfectScore(VetoKind kind)
    {
        var veto = Evaluations.Veto(kind);

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Total.ShouldBe(100m);
        explanation.Verdict.ShouldBe(Verdict.Fail);
        explanation.FailureReasons.ShouldBe([FailureReason.Vetoed]);
        explanation.Vetoes.ShouldBe([veto]);
        explanation.NotCounted.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_CaseWithoutManagementLapse_IsNoVeto()
    {
        var veto = Evaluations.Veto(VetoKind.CaseWithManagementLapse, source: "区疾控中心", managementLapse: false);

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.Vetoes.ShouldBeEmpty();
        explanation.NotCounted.ShouldBe([new NotCounted("出现病例且漏管失管（区疾控中心）", Lapse)]);
    }

    [Theory]
    [InlineData(VetoKind.InspectionNotice)]
    [InlineData(VetoKind.MediaExposure)]
    public void Evaluate_CheckpointVetoWithLapseFlagFalse_StillVetoes(VetoKind kind)
    {
        // The lapse condition belongs to cases only; a notice or an exposure vetoes by itself.
        var veto = Evaluations.Veto(kind, managementLapse: false);

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Vetoes.ShouldBe([veto]);
    }

    [Fact]
    public void Evaluate_VetoAnnulledBeforeAsOf_DoesNotCount()
    {
        var veto = Evaluations.Veto(VetoKind.MediaExposure, source: "北京日报", annulled: Times.AsOf.AddDays(-1));

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.Vetoes.ShouldBeEmpty();
        explanation.NotCounted.ShouldBe([new NotCounted("卡口点位被媒体曝光（北京日报）", "事件已被撤销")]);
    }

    [Fact]
    public void Evaluate_VetoAnnulledExactlyAtAsOf_DoesNotCount()
    {
        var veto = Evaluations.Veto(VetoKind.MediaExposure, annulled: Times.AsOf);

        Evaluations.Perfect().With(veto).Evaluate().Vetoes.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_VetoAnnulledAfterAsOf_StillCounts()
    {
        var veto = Evaluations.Veto(VetoKind.MediaExposure, annulled: Times.AsOf.AddSeconds(1));

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Vetoes.ShouldBe([veto]);
        explanation.FailureReasons.ShouldBe([FailureReason.Vetoed]);
    }

    [Fact]
    public void Evaluate_VetoClearedBeforeAsOf_DoesNotCount()
    {
        var veto = Evaluations.Veto(VetoKind.InspectionNotice, source: "市卫健委", cleared: Times.AsOf.AddDays(-2));

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.NotCounted.ShouldBe([new NotCounted("卡口点位被市级部门检查通报（市卫健委）", "整改已验收通过")]);
    }

    [Fact]
    public void Evaluate_VetoClearedAfterAsOf_StillCounts()
    {
        var veto = Evaluations.Veto(VetoKind.InspectionNotice, cleared: Times.AsOf.AddDays(2));

        Evaluations.Perfect().With(veto).Evaluate().Vetoes.ShouldBe([veto]);
    }

    [Fact]
    public void Evaluate_VetoAfterAsOf_DoesNotCount()
    {
        var veto = Evaluations.Veto(VetoKind.CaseWithManagementLapse, occurred: Times.AsOf.AddSeconds(1), source: "区疾控中心");

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.NotCounted.ShouldBe([new NotCounted("出现病例且漏管失管（区疾控中心）", "事件发生在评定之后")]);
    }

    [Fact]
    public void Evaluate_VetoExactlyAtAsOf_Counts()
    {
        var veto = Evaluations.Veto(VetoKind.MediaExposure, occurred: Times.AsOf);

        Evaluations.Perfect().With(veto).Evaluate().Vetoes.ShouldBe([veto]);
    }

    [Fact]
    public void Evaluate_OldVetoNeverCleared_StillCounts()
    {
        var veto = Evaluations.Veto(VetoKind.InspectionNotice, occurred: Times.AsOf.AddDays(-365));

        Evaluations.Perfect().With(veto).Evaluate().Vetoes.ShouldBe([veto]);
    }

    [Fact]
    public void Evaluate_VetoOfAnotherCommunity_DoesNotCount()
    {
        var veto = Evaluations.Veto(VetoKind.MediaExposure, source: "新京报", community: Codes.Neighbour);

        var explanation = Evaluations.Perfect().With(veto).Evaluate();

        explanation.Verdict.ShouldBe(Verdict.Pass);
        explanation.NotCounted.ShouldBe([new NotCounted("卡口点位被媒体曝光（新京报）", "事件不属于本社区（村）")]);
    }

    [Fact]
    public void Evaluate_SeveralVetoes_AreListedByDateOfOccurrence()
    {
        var late = Evaluations.Veto(VetoKind.MediaExposure, occurred: Times.AsOf.AddDays(-1));
        var early = Evaluations.Veto(VetoKind.InspectionNotice, occurred: Times.AsOf.AddDays(-20));
        var annulled = Evaluations.Veto(VetoKind.InspectionNotice, occurred: Times.AsOf.AddDays(-5), annulled: Times.AsOf.AddDays(-4));

        var explanation = Evaluations.Perfect().With(late, annulled, early).Evaluate();

        explanation.Vetoes.ShouldBe([early, late]);
        explanation.NotCounted.Count.ShouldBe(1);
        explanation.FailureReasons.ShouldBe([FailureReason.Vetoed]);
    }

    [Fact]
    public void Evaluate_AllThreeFailures_AreAllReportedInOrder()
    {
        var explanation = Evaluations.Perfect()
            .WithScores(("A1", 10m), ("B1", 0m), ("A2", 5m))
            .With(Evaluations.Veto(VetoKind.MediaExposure))
            .Evaluate();

        explanation.Total.ShouldBe(80m);
        explanation.FailureReasons.ShouldBe([FailureReason.BelowPassMark, FailureReason.HardIndicatorShort, FailureReason.Vetoed]);
    }

    // ---- hotline deductions (rule 4) ----

    [Fact]
    public void Evaluate_OneLateAnswer_CostsOnePoint()
    {
        var complaint = Evaluations.Complaint("2022061500001", late: true);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBe([new Deduction("2022061500001", DeductionKind.LateAnswer, 1m, complaint.ReceivedAt)]);
        explanation.DeductionsUncapped.ShouldBe(1m);
        explanation.DeductionTotal.ShouldBe(1m);
        explanation.Subtotal.ShouldBe(100m);
        explanation.Total.ShouldBe(99m);
    }

    [Fact]
    public void Evaluate_OneDissatisfiedFollowUp_CostsOnePoint()
    {
        var complaint = Evaluations.Complaint("2022061500002", dissatisfied: true);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBe([new Deduction("2022061500002", DeductionKind.DissatisfiedFollowUp, 1m, complaint.ReceivedAt)]);
        explanation.Total.ShouldBe(99m);
    }

    [Fact]
    public void Evaluate_LateAndDissatisfiedOnOneComplaint_CostsTwoPoints()
    {
        var complaint = Evaluations.Complaint("2022061500003", late: true, dissatisfied: true);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.Select(d => (d.ComplaintNumber, d.Kind, d.Points)).ShouldBe(
        [
            ("2022061500003", DeductionKind.LateAnswer, 1m),
            ("2022061500003", DeductionKind.DissatisfiedFollowUp, 1m),
        ]);
        explanation.DeductionTotal.ShouldBe(2m);
        explanation.Total.ShouldBe(98m);
    }

    [Theory]
    [InlineData(FollowUpResult.Satisfied)]
    [InlineData(FollowUpResult.None)]
    public void Evaluate_OnTimeAndNotDissatisfied_CostsNothing(FollowUpResult followUp)
    {
        var explanation = Evaluations.Perfect().With(Evaluations.Complaint("N1", followUp: followUp)).Evaluate();

        explanation.Deductions.ShouldBeEmpty();
        explanation.Total.ShouldBe(100m);
        explanation.NotCounted.ShouldBe([new NotCounted("N1", "按时答复且回访未不满意")]);
    }

    [Fact]
    public void Evaluate_AnsweredExactlyAtDeadline_IsNotLate()
    {
        var received = Times.AsOf.AddDays(-5);
        var complaint = new HotlineComplaint("D1", Codes.Community, received, true, received.AddDays(3), received.AddDays(3), FollowUpResult.Satisfied);

        Evaluations.Perfect().With(complaint).Evaluate().Deductions.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_AnsweredOneSecondAfterDeadline_IsLate()
    {
        var received = Times.AsOf.AddDays(-5);
        var complaint = new HotlineComplaint("D2", Codes.Community, received, true, received.AddDays(3), received.AddDays(3).AddSeconds(1), FollowUpResult.Satisfied);

        Evaluations.Perfect().With(complaint).Evaluate().Deductions.Single().Kind.ShouldBe(DeductionKind.LateAnswer);
    }

    [Fact]
    public void Evaluate_UnansweredPastItsDeadline_CountsAsLate()
    {
        var complaint = Evaluations.Unanswered("U1", Times.AsOf.AddDays(-4), Evaluations.AnswerTime);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBe([new Deduction("U1", DeductionKind.LateAnswer, 1m, complaint.ReceivedAt)]);
        explanation.Total.ShouldBe(99m);
    }

    [Fact]
    public void Evaluate_UnansweredNotYetAtItsDeadline_IsNotLate()
    {
        var complaint = Evaluations.Unanswered("U2", Times.AsOf.AddDays(-1), Evaluations.AnswerTime);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBeEmpty();
        explanation.Total.ShouldBe(100m);
        explanation.NotCounted.Select(n => n.Reference).ShouldBe(["U2"]);
    }

    [Fact]
    public void Evaluate_UnansweredWithDeadlineExactlyAtAsOf_IsNotLate()
    {
        var complaint = Evaluations.Unanswered("U3", Times.AsOf - Evaluations.AnswerTime, Evaluations.AnswerTime);

        Evaluations.Perfect().With(complaint).Evaluate().Deductions.ShouldBeEmpty();
    }

    [Fact]
    public void HotlineComplaint_AnsweredLate_ComparesWithTheDeadline()
    {
        var received = Times.AsOf.AddDays(-5);
        var deadline = received.AddDays(3);
        var unanswered = new HotlineComplaint("X", Codes.Community, received, true, deadline, null, FollowUpResult.None);

        unanswered.AnsweredLate(deadline).ShouldBeFalse();
        unanswered.AnsweredLate(deadline.AddTicks(1)).ShouldBeTrue();
        (unanswered with { RespondedAt = deadline }).AnsweredLate(Times.AsOf).ShouldBeFalse();
        (unanswered with { RespondedAt = deadline.AddMinutes(1) }).AnsweredLate(Times.AsOf).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_TwelveQualifyingDeductions_AreCappedAtTen()
    {
        var explanation = Evaluations.Perfect().With(Evaluations.LateComplaints(12)).Evaluate();

        explanation.Deductions.Count.ShouldBe(12);
        explanation.DeductionsUncapped.ShouldBe(12m);
        explanation.DeductionCap.ShouldBe(10m);
        explanation.DeductionTotal.ShouldBe(10m);
        explanation.Total.ShouldBe(90m);
        explanation.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Evaluate_ExactlyTenDeductions_AreAllTaken()
    {
        var explanation = Evaluations.Perfect().With(Evaluations.LateComplaints(10)).Evaluate();

        explanation.DeductionsUncapped.ShouldBe(10m);
        explanation.DeductionTotal.ShouldBe(10m);
        explanation.Total.ShouldBe(90m);
    }

    [Fact]
    public void Evaluate_ComplaintExactlyWindowDaysBeforeAsOf_Counts()
    {
        var complaint = Evaluations.Complaint("W30", received: Times.AsOf.AddDays(-30), late: true);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.Select(d => d.ComplaintNumber).ShouldBe(["W30"]);
        explanation.Total.ShouldBe(99m);
    }

    [Fact]
    public void Evaluate_ComplaintExactlyWindowDaysBeforeAsOfInAnotherOffset_Counts()
    {
        // The same instant written in UTC: the window is about instants, not wall clocks.
        var complaint = Evaluations.Complaint("W30Z", received: Times.AsOf.AddDays(-30).ToUniversalTime(), late: true);

        Evaluations.Perfect().With(complaint).Evaluate().DeductionTotal.ShouldBe(1m);
    }

    [Fact]
    public void Evaluate_ComplaintThirtyDaysAndOneSecondBeforeAsOf_DoesNotCount()
    {
        var complaint = Evaluations.Complaint("W31", received: Times.AsOf.AddDays(-30).AddSeconds(-1), late: true, dissatisfied: true);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBeEmpty();
        explanation.Total.ShouldBe(100m);
        explanation.NotCounted.ShouldBe([new NotCounted("W31", "受理时间不在评定前 30 天内")]);
    }

    [Fact]
    public void Evaluate_ComplaintReceivedAfterAsOf_DoesNotCount()
    {
        var complaint = Evaluations.Complaint("F1", received: Times.AsOf.AddSeconds(1), late: true);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBeEmpty();
        explanation.NotCounted.ShouldBe([new NotCounted("F1", "受理时间不在评定前 30 天内")]);
    }

    [Fact]
    public void Evaluate_ComplaintReceivedExactlyAtAsOfAndDissatisfied_Counts()
    {
        var complaint = Evaluations.Complaint("F0", received: Times.AsOf, dissatisfied: true);

        Evaluations.Perfect().With(complaint).Evaluate().DeductionTotal.ShouldBe(1m);
    }

    [Fact]
    public void Evaluate_ComplaintAboutAnotherCommunity_DoesNotCount()
    {
        var complaint = Evaluations.Complaint("O1", late: true, community: Codes.Neighbour);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBeEmpty();
        explanation.NotCounted.ShouldBe([new NotCounted("O1", "诉求不属于本社区（村）")]);
    }

    [Fact]
    public void Evaluate_ComplaintNotEpidemicRelated_DoesNotCount()
    {
        var complaint = Evaluations.Complaint("E1", late: true, dissatisfied: true, epidemicRelated: false);

        var explanation = Evaluations.Perfect().With(complaint).Evaluate();

        explanation.Deductions.ShouldBeEmpty();
        explanation.Total.ShouldBe(100m);
        explanation.NotCounted.ShouldBe([new NotCounted("E1", "非涉疫诉求")]);
    }

    [Fact]
    public void Evaluate_MixOfComplaints_CountsOnlyTheQualifyingOnesInDateOrder()
    {
        var explanation = Evaluations.Perfect().With(
                Evaluations.Complaint("B", received: Times.AsOf.AddDays(-3), dissatisfied: true),
                Evaluations.Complaint("A", received: Times.AsOf.AddDays(-10), late: true),
                Evaluations.Complaint("C", received: Times.AsOf.AddDays(-3), late: true),
                Evaluations.Complaint("X", late: true, community: Codes.ChaoyangCommunity),
                Evaluations.Complaint("Y", late: true, epidemicRelated: false),
                Evaluations.Complaint("Z", received: Times.AsOf.AddDays(-40), late: true))
            .Evaluate();

        explanation.Deductions.Select(d => d.ComplaintNumber).ShouldBe(["A", "B", "C"]);
        explanation.DeductionTotal.ShouldBe(3m);
        explanation.Total.ShouldBe(97m);
        explanation.NotCounted.Select(n => n.Reference).OrderBy(r => r, StringComparer.Ordinal).ShouldBe(["X", "Y", "Z"]);
    }

    [Fact]
    public void Evaluate_DeductionPushing90To84_FailsBelowPassMark()
    {
        var explanation = Evaluations.Perfect().WithTotal(90m).With(Evaluations.LateComplaints(6)).Evaluate();

        explanation.Subtotal.ShouldBe(90m);
        explanation.DeductionTotal.ShouldBe(6m);
        explanation.Total.ShouldBe(84m);
        explanation.Verdict.ShouldBe(Verdict.Fail);
        explanation.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
        explanation.GapToPassMark.ShouldBe(1m);
    }

    [Fact]
    public void Evaluate_DeductionLanding90ExactlyOn85_Passes()
    {
        var explanation = Evaluations.Perfect().WithTotal(90m).With(Evaluations.LateComplaints(5)).Evaluate();

        explanation.Total.ShouldBe(85m);
        explanation.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Evaluate_DeductionsAboveSubtotal_LeaveTotalAtZero()
    {
        var input = Evaluations.Perfect();
        input = input with { Scores = Scores.Perfect(input.Scale, input.Scale.Indicators.Where(i => i.Code != "A3").Select(i => (i.Code, 0m)).ToArray()) };

        var explanation = input.With(Evaluations.LateComplaints(8)).Evaluate();

        explanation.Subtotal.ShouldBe(5m);
        explanation.DeductionTotal.ShouldBe(8m);
        explanation.Total.ShouldBe(0m);
        explanation.GapToPassMark.ShouldBe(85m);
    }

    [Fact]
    public void Evaluate_AllZeroWithDeductions_TotalIsZeroNotNegative()
    {
        var input = Evaluations.Perfect();

        var explanation = (input with { Scores = Scores.Zero(input.Scale) }).With(Evaluations.LateComplaints(3)).Evaluate();

        explanation.Total.ShouldBe(0m);
    }

    [Fact]
    public void Evaluate_HotlineRuleChangedInScaleVersion_IsHonoured()
    {
        // A later version: 7-day window, 2 points per late answer, 0.5 per dissatisfied follow-up, at most 3.
        var scale = Scales.Variant(root =>
        {
            root["id"] = "beijing-2022-07";
            var hotline = root.Hotline();
            hotline["windowDays"] = 7;
            hotline["perLateAnswer"] = 2;
            hotline["perDissatisfiedFollowUp"] = 0.5;
            hotline["maximum"] = 3;
        });
        var input = Evaluations.Perfect(scale).With(
            Evaluations.Complaint("IN7", received: Times.AsOf.AddDays(-7), late: true),
            Evaluations.Complaint("OUT8", received: Times.AsOf.AddDays(-8), late: true),
            Evaluations.Complaint("DIS", received: Times.AsOf.AddDays(-2), dissatisfied: true));

        var explanation = input.Evaluate();

        explanation.Deductions.Select(d => (d.ComplaintNumber, d.Points)).ShouldBe([("IN7", 2m), ("DIS", 0.5m)]);
        explanation.DeductionsUncapped.ShouldBe(2.5m);
        explanation.DeductionTotal.ShouldBe(2.5m);
        explanation.Total.ShouldBe(97.5m);
        explanation.NotCounted.ShouldBe([new NotCounted("OUT8", "受理时间不在评定前 7 天内")]);
    }

    [Fact]
    public void Evaluate_HotlineCapChangedInScaleVersion_IsHonoured()
    {
        var scale = Scales.Variant(root =>
        {
            root.Hotline()["windowDays"] = 7;
            root.Hotline()["maximum"] = 3;
        });

        var explanation = Evaluations.Perfect(scale).With(Evaluations.LateComplaints(5)).Evaluate();

        explanation.DeductionsUncapped.ShouldBe(5m);
        explanation.DeductionCap.ShouldBe(3m);
        explanation.DeductionTotal.ShouldBe(3m);
        explanation.Total.ShouldBe(97m);
    }

    [Fact]
    public void Evaluate_ZeroCapInScaleVersion_DeductsNothingButListsTheComplaints()
    {
        var scale = Scales.Variant(root => root.Hotline()["maximum"] = 0);

        var explanation = Evaluations.Perfect(scale).With(Evaluations.LateComplaints(2)).Evaluate();

        explanation.Deductions.Count.ShouldBe(2);
        explanation.DeductionsUncapped.ShouldBe(2m);
        explanation.DeductionTotal.ShouldBe(0m);
        explanation.Total.ShouldBe(100m);
    }

    [Fact]
    public void Evaluate_SameInputTwice_GivesTheSameAnswer()
    {
        var input = Evaluations.Perfect().WithTotal(92m).With(Evaluations.LateComplaints(3));

        var first = input.Evaluate();
        var second = input.Evaluate();

        second.Total.ShouldBe(first.Total);
        second.Deductions.ShouldBe(first.Deductions);
        second.Verdict.ShouldBe(first.Verdict);
    }

    // ---- the explanation in words (rule 5) ----

    [Fact]
    public void Reasons_Pass_SaysTotalMarkAndNoVeto()
    {
        var explanation = Evaluations.Perfect().WithTotal(92.5m).Evaluate();

        explanation.Reasons().ShouldBe(["总分 92.5 分，达到 85 分的达标线，硬性指标达标，无一票否决事项"]);
    }

    [Fact]
    public void Reasons_BelowPassMark_GivesTotalMarkAndGap()
    {
        var explanation = Evaluations.Perfect().WithTotal(84.9m).Evaluate();

        explanation.Reasons().ShouldBe(["总分 84.9 分，低于 85 分的达标线（差 0.1 分）"]);
    }

    [Fact]
    public void Reasons_HardIndicatorShort_NamesIndicatorAndScore()
    {
        var explanation = Evaluations.Perfect().WithScores(("A1", 14.5m)).Evaluate();

        explanation.Reasons().ShouldBe(["硬性指标未满分：A1 坚持24小时卡口值守（14.5/15）"]);
    }

    [Fact]
    public void Reasons_Vetoed_NamesEachEventWithItsBeijingDate()
    {
        // 2022-06-09T17:00Z is already 10 June in Beijing.
        var exposure = Evaluations.Veto(VetoKind.MediaExposure, occurred: new DateTimeOffset(2022, 6, 9, 17, 0, 0, TimeSpan.Zero));
        var notice = Evaluations.Veto(VetoKind.InspectionNotice, occurred: Times.Beijing(2022, 6, 12, 9));

        var explanation = Evaluations.Perfect().With(notice, exposure).Evaluate();

        explanation.Reasons().ShouldBe(["一票否决：2022-06-10 卡口点位被媒体曝光、2022-06-12 卡口点位被市级部门检查通报"]);
    }

    [Fact]
    public void Reasons_AllThreeFailures_OneSentenceEachInOrder()
    {
        var explanation = Evaluations.Perfect()
            .WithScores(("A1", 10m), ("B1", 0m), ("A2", 5m))
            .With(Evaluations.Veto(VetoKind.CaseWithManagementLapse, occurred: Times.Beijing(2022, 6, 18, 8)))
            .Evaluate();

        explanation.Reasons().ShouldBe(
        [
            "总分 80 分，低于 85 分的达标线（差 5 分）",
            "硬性指标未满分：A1 坚持24小时卡口值守（10/15）",
            "一票否决：2022-06-18 出现病例且漏管失管",
        ]);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    public void Reasons_UnderAnyCurrentCulture_UseArabicDigitsDotAndGregorianDates(string culture)
    {
        var explanation = Evaluations.Perfect()
            .WithScores(("A1", 14.5m))
            .With(Evaluations.Veto(VetoKind.MediaExposure, occurred: Times.Beijing(2022, 6, 10, 9)))
            .Evaluate();
        var saved = CultureInfo.CurrentCulture;
        string[] reasons;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            reasons = explanation.Reasons().ToArray();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        reasons.ShouldBe(["硬性指标未满分：A1 坚持24小时卡口值守（14.5/15）", "一票否决：2022-06-10 卡口点位被媒体曝光"]);
    }

    [Fact]
    public void Explanation_Deductions_CarryTheComplaintsBehindThem()
    {
        var late = Evaluations.Complaint("12345-0001", received: Times.AsOf.AddDays(-6), late: true);
        var unhappy = Evaluations.Complaint("12345-0002", received: Times.AsOf.AddDays(-2), dissatisfied: true);

        var explanation = Evaluations.Perfect().With(unhappy, late).Evaluate();

        explanation.Deductions.ShouldBe(
        [
            new Deduction("12345-0001", DeductionKind.LateAnswer, 1m, late.ReceivedAt),
            new Deduction("12345-0002", DeductionKind.DissatisfiedFollowUp, 1m, unhappy.ReceivedAt),
        ]);
    }

    [Theory]
    [InlineData(100, "100")]
    [InlineData(84.9, "84.9")]
    [InlineData(85.0, "85")]
    [InlineData(0, "0")]
    public void Format_Points_AreInvariantWithoutTrailingZeros(double points, string expected)
    {
        ScaleVersion.Format((decimal)points).ShouldBe(expected);
    }
}
