using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>
/// A standing title judged again under the rules in force (DynamicRules.Recheck), and the rules for changing
/// the pass mark: a change applies from today or later and never rewrites a past decision.
/// </summary>
public sealed class RecheckTests
{
    private static readonly DateOnly July1 = new(2022, 7, 1);

    private static Explanation Recheck(ScaleVersion scale, decimal certifyingTotal, DateTimeOffset asOf, PassMarkSchedule? passMarks = null,
        params HotlineComplaint[] complaints) =>
        DynamicRules.Recheck(scale, passMarks ?? PassMarkSchedule.For(scale), Codes.Community, Scores.Totalling(scale, certifyingTotal), complaints, asOf);

    // ---- Recheck ----

    [Fact]
    public void Recheck_NothingNew_StillPasses()
    {
        var scale = Scales.Beijing();

        var e = Recheck(scale, 90m, Times.AsOf);

        e.Passes.ShouldBeTrue();
        e.Total.ShouldBe(90m);
        e.CommunityCode.ShouldBe(Codes.Community);
        e.ScaleVersionId.ShouldBe(scale.Id);
        e.AsOf.ShouldBe(Times.AsOf);
    }

    [Fact]
    public void Recheck_HotlineDeductionsBelowTheMark_FailsWithTheComplaintsBehindIt()
    {
        var scale = Scales.Beijing();

        var e = Recheck(scale, 90m, Times.AsOf, null, Evaluations.LateComplaints(6));

        e.Verdict.ShouldBe(Verdict.Fail);
        e.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
        e.DeductionTotal.ShouldBe(6m);
        e.Total.ShouldBe(84m);
        e.Deductions.Select(d => d.ComplaintNumber).ShouldBe(["L06", "L05", "L04", "L03", "L02", "L01"]);
    }

    [Fact]
    public void Recheck_ExactlyAtTheMarkAfterDeductions_StillPasses()
    {
        var e = Recheck(Scales.Beijing(), 90m, Times.AsOf, null, Evaluations.LateComplaints(5));

        e.Total.ShouldBe(85m);
        e.Passes.ShouldBeTrue();
    }

    [Fact]
    public void Recheck_OnlyCountsComplaintsOfTheLastThirtyDays()
    {
        var old = Evaluations.Complaint("OLD", received: Times.AsOf.AddDays(-31), late: true);

        var e = Recheck(Scales.Beijing(), 85m, Times.AsOf, null, old);

        e.Passes.ShouldBeTrue();
        e.NotCounted.Select(n => n.Reference).ShouldBe(["OLD"]);
    }

    [Fact]
    public void Recheck_UsesThePassMarkInForceOnItsOwnBeijingDate()
    {
        var scale = Scales.Beijing();
        var raised = PassMarkSchedule.For(scale, [new PassMark(88m, July1)]);

        // 2022-06-30 15:59:59 UTC is still 30 June in Beijing; 16:00 UTC is 1 July.
        var june = Recheck(scale, 86m, new DateTimeOffset(2022, 6, 30, 15, 59, 59, TimeSpan.Zero), raised);
        var july = Recheck(scale, 86m, new DateTimeOffset(2022, 6, 30, 16, 0, 0, TimeSpan.Zero), raised);

        (june.PassMark.Value, june.Passes).ShouldBe((85m, true));
        (july.PassMark.Value, july.Passes).ShouldBe((88m, false));
        july.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
        july.GapToPassMark.ShouldBe(2m);
    }

    [Fact]
    public void Recheck_IncompleteCertifyingScores_AreRefused()
    {
        var scale = Scales.Beijing();
        var scores = Scores.Perfect(scale);
        scores.Remove("C5");

        Should.Throw<DomainException>(() =>
            DynamicRules.Recheck(scale, PassMarkSchedule.For(scale), Codes.Community, scores, [], Times.AsOf));
    }

    [Fact]
    public void Recheck_AFail_RevokesNothingByItself()
    {
        var scene = Scene.Certified();

        var e = Recheck(Scales.Beijing(), 86m, Times.AsOf, PassMarkSchedule.For(Scales.Beijing(), [new PassMark(90m, new DateOnly(2022, 6, 20))]));

        e.Passes.ShouldBeFalse();
        scene.Title!.IsActive.ShouldBeTrue();
        var item = scene.OpenReEvaluation(ReEvaluationCause.PassMarkChange, e);
        item.Explanation.ShouldBeSameAs(e);
        scene.Title.IsActive.ShouldBeTrue();
    }

    // ---- a change never rewrites a past decision ----

    [Fact]
    public void ARaisedMark_LeavesTheApprovalAsItWasMade_AndOnlyTheRecheckFails()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var scale = round.Scale;
        var district = Actors.District();
        var scores = Scores.Totalling(scale, 86m);
        round.Application.SaveEvaluation(district, scale, scores, "复核", Scores.FindingsWhereLowered(round.Application.SelfScores, scores), round.Tick());
        var approvedOn = round.Evaluate(round.Application.DistrictScores);
        round.Application.Approve(district, approvedOn, "通过", round.Tick());

        var raised = PassMarkSchedule.For(scale, [new PassMark(88m, July1)]);
        var again = DynamicRules.Recheck(scale, raised, Codes.Community, round.Application.DistrictScores, [], Times.Beijing(2022, 7, 2, 9));

        var recorded = round.Application.History.Single(t => t.Action == ApplicationAction.Approve).Explanation!;
        recorded.PassMark.ShouldBe(new PassMark(85m, new DateOnly(2022, 6, 14)));
        recorded.Passes.ShouldBeTrue();
        round.Application.State.ShouldBe(ApplicationState.Approved);
        again.PassMark.Value.ShouldBe(88m);
        again.Passes.ShouldBeFalse();
        // The same facts judged as of the approval's date give the approval's answer, new mark or not.
        var asApproved = DynamicRules.Recheck(scale, raised, Codes.Community, round.Application.DistrictScores, [], approvedOn.AsOf);
        (asApproved.PassMark, asApproved.Total, asApproved.Verdict).ShouldBe((approvedOn.PassMark, approvedOn.Total, Verdict.Pass));
    }

    // ---- PassMarkSchedule.RequireValidChange ----

    [Theory]
    [InlineData(85, 0)]
    [InlineData(88.5, 0)]
    [InlineData(100, 10)]
    [InlineData(0.1, 1)]
    public void RequireValidChange_WithinTheTotal_FromTodayOrLater_IsAPassMark(decimal value, int daysFromToday)
    {
        var today = new DateOnly(2022, 6, 20);

        var mark = PassMarkSchedule.RequireValidChange(value, today.AddDays(daysFromToday), today, 100m);

        mark.ShouldBe(new PassMark(value, today.AddDays(daysFromToday)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.1)]
    [InlineData(120)]
    public void RequireValidChange_OutsideZeroToTotal_IsInvalid(decimal value)
    {
        var today = new DateOnly(2022, 6, 20);

        var ex = Should.Throw<DomainException>(() => PassMarkSchedule.RequireValidChange(value, today, today, 100m));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("pass-mark-invalid");
        ex.Errors.Keys.ShouldBe(["value"]);
        ex.Errors["value"].ShouldBe(["达标分数线应大于 0、不超过总分 100 分"]);
    }

    [Fact]
    public void RequireValidChange_TheTotalIsTheScalesOwn()
    {
        var today = new DateOnly(2022, 6, 20);

        Should.Throw<DomainException>(() => PassMarkSchedule.RequireValidChange(90m, today, today, 80m))
            .Errors["value"].ShouldBe(["达标分数线应大于 0、不超过总分 80 分"]);
    }

    [Theory]
    [InlineData(85.55)]
    [InlineData(85.01)]
    public void RequireValidChange_MoreThanOneDecimal_IsInvalid(decimal value)
    {
        var today = new DateOnly(2022, 6, 20);

        Should.Throw<DomainException>(() => PassMarkSchedule.RequireValidChange(value, today, today, 100m))
            .Errors["value"].ShouldBe(["达标分数线最多保留一位小数"]);
    }

    [Fact]
    public void RequireValidChange_EffectiveBeforeToday_IsInvalid_BecauseItWouldRewriteDecisionsMade()
    {
        var today = new DateOnly(2022, 6, 20);

        var ex = Should.Throw<DomainException>(() => PassMarkSchedule.RequireValidChange(88m, today.AddDays(-1), today, 100m));

        ex.Errors.Keys.ShouldBe(["effectiveFrom"]);
        ex.Message.ShouldBe("生效日期不能早于今天：调整不改变已作出的评定");
    }

    [Fact]
    public void RequireValidChange_BothWrong_ReportsBoth()
    {
        var today = new DateOnly(2022, 6, 20);

        var ex = Should.Throw<DomainException>(() => PassMarkSchedule.RequireValidChange(0m, today.AddDays(-1), today, 100m));

        ex.Errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["effectiveFrom", "value"]);
        ex.Message.ShouldBe("达标分数线应大于 0、不超过总分 100 分；生效日期不能早于今天：调整不改变已作出的评定");
    }

    [Fact]
    public void RequireValidChange_TodayIsTheBeijingDate()
    {
        // What the web app passes as today: 2022-06-19 16:30 UTC is already the 20th in Beijing.
        var today = ProgrammeClock.DateOf(new DateTimeOffset(2022, 6, 19, 16, 30, 0, TimeSpan.Zero));

        Should.Throw<DomainException>(() => PassMarkSchedule.RequireValidChange(88m, new DateOnly(2022, 6, 19), today, 100m)).Code.ShouldBe("pass-mark-invalid");
        PassMarkSchedule.RequireValidChange(88m, new DateOnly(2022, 6, 20), today, 100m).Value.ShouldBe(88m);
    }
}
