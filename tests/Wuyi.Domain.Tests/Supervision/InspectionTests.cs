using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Supervision;
using Wuyi.Domain.Tests.Dynamic;

namespace Wuyi.Domain.Tests.Supervision;

/// <summary>
/// 督导检查: planned by the district or the city for an inspector in scope; filled by that inspector only, never edited once
/// submitted; decided as nothing, a rectification of the failed items, or — the city only — a 市级检查通报 recorded as the
/// one-vote veto with the inspection as its source (rule 3a).
/// </summary>
public sealed class InspectionTests
{
    private static readonly DateTimeOffset Now = Times.AsOf;
    private static readonly Domain.Scales.ScaleVersion Scale = Tests.Scales.Beijing();

    private static Inspection Planned(Actor? inspector = null) =>
        Inspection.Plan(Actors.District(), Codes.Community, inspector ?? Actors.District(), new DateOnly(2022, 6, 20), 12, "近30天涉疫诉求3件（+12）",
            "risk-v1", Scale.Id, Now.AddHours(-2));

    private static InspectionReport Found(bool staffed = false, bool dutyKept = true, bool a2Met = false) => new(Now.AddMinutes(-30), "东门卡口", 39.9m, 116.3m,
        [new CheckpointCheck("东门卡口", staffed, dutyKept, "到达时无人"), new CheckpointCheck("北门卡口", true, true, null)],
        [new IndicatorCheck("A2", a2Met, "未查验健康码"), new IndicatorCheck("A1", true, null)], "夜间抽查");

    private static Inspection Submitted(bool staffed = false, bool a2Met = false)
    {
        var i = Planned();
        i.Submit(Actors.District(), Found(staffed, a2Met: a2Met), Scale, Now);
        return i;
    }

    [Fact]
    public void Plan_ByTheDistrict_ForAnInspectorInScope_KeepsTheRiskItWasPlannedOn()
    {
        var i = Planned();

        (i.State, i.CommunityCode, i.DistrictCode, i.InspectorName, i.RiskScore, i.RiskReasons, i.Version)
            .ShouldBe((InspectionState.Planned, Codes.Community, Codes.Haidian, "区防控组成员", 12m, "近30天涉疫诉求3件（+12）", 1));
    }

    [Theory]
    [InlineData(ProgrammeRole.Community)]
    [InlineData(ProgrammeRole.Street)]
    public void Plan_ByOthersThanTheDistrictOrCity_IsRefused(ProgrammeRole role) =>
        Should.Throw<DomainException>(() => Inspection.Plan(Actors.Covering(role), Codes.Community, Actors.District(), new DateOnly(2022, 6, 20), 0, "",
            "m", Scale.Id, Now)).Code.ShouldBe("wrong-role");

    [Fact]
    public void Plan_OutsideTheSubtree_IsRefused() =>
        Should.Throw<DomainException>(() => Inspection.Plan(Actors.District(Codes.Chaoyang), Codes.Community, Actors.City(), new DateOnly(2022, 6, 20), 0, "",
            "m", Scale.Id, Now)).Code.ShouldBe("out-of-scope");

    [Fact]
    public void Plan_ForAnInspectorWhoCannotReachTheCommunity_OrAStreet_IsRefused()
    {
        Should.Throw<DomainException>(() => Planned(Actors.District(Codes.Chaoyang))).Code.ShouldBe("inspector-invalid");
        Should.Throw<DomainException>(() => Planned(Actors.Street())).Code.ShouldBe("inspector-invalid");
        Planned(Actors.City()).InspectorUserId.ShouldBe(Actors.City().UserId); // the city reaches every community
    }

    [Fact]
    public void Plan_ForADayPast_IsRefused() =>
        Should.Throw<DomainException>(() => Inspection.Plan(Actors.District(), Codes.Community, Actors.District(), new DateOnly(2022, 6, 19), 0, "",
            "m", Scale.Id, Now)).Code.ShouldBe("planned-in-past");

    [Fact]
    public void OnlyTheAssignedInspector_Fills_TheInspection()
    {
        var i = Planned(Actors.City());

        Should.Throw<DomainException>(() => i.SaveDraft(Actors.District(), Found(), Scale, Now)).Code.ShouldBe("not-the-inspector");
        i.State.ShouldBe(InspectionState.Planned);
        i.SaveDraft(Actors.City(), Found(), Scale, Now);
        i.State.ShouldBe(InspectionState.InProgress);
    }

    [Fact]
    public void Draft_MayBeIncomplete_Submission_NeedsTimePlaceAndSomethingChecked()
    {
        var i = Planned();
        var empty = new InspectionReport(null, null, null, null, [], [], null);
        i.SaveDraft(Actors.District(), empty, Scale, Now);

        var refused = Should.Throw<DomainException>(() => i.Submit(Actors.District(), empty, Scale, Now));

        refused.Code.ShouldBe("inspection-incomplete");
        refused.Errors.Keys.ShouldBe(["inspectedAt", "place", "checkpoints"], ignoreOrder: true);
        i.State.ShouldBe(InspectionState.InProgress);
    }

    [Fact]
    public void ASubmittedInspection_CannotBeEdited()
    {
        var i = Submitted();
        var version = i.Version;

        Should.Throw<DomainException>(() => i.SaveDraft(Actors.District(), Found(staffed: true), Scale, Now)).Code.ShouldBe("inspection-submitted");
        Should.Throw<DomainException>(() => i.Submit(Actors.District(), Found(staffed: true), Scale, Now)).Code.ShouldBe("inspection-submitted");
        (i.Version, i.Checkpoints[0].Staffed).ShouldBe((version, false));
    }

    [Fact]
    public void Findings_AreChecked_AgainstTheScale()
    {
        var i = Planned();
        Should.Throw<DomainException>(() => i.SaveDraft(Actors.District(), Found() with { Indicators = [new IndicatorCheck("Z9", true, null)] }, Scale, Now))
            .Code.ShouldBe("indicator-unknown");
        Should.Throw<DomainException>(() => i.SaveDraft(Actors.District(),
            Found() with { Indicators = [new IndicatorCheck("A2", true, null), new IndicatorCheck("A2", false, null)] }, Scale, Now)).Code.ShouldBe("indicator-twice");
        Should.Throw<DomainException>(() => i.SaveDraft(Actors.District(), Found() with { InspectedAt = Now.AddHours(1) }, Scale, Now))
            .Code.ShouldBe("inspected-in-future");
        Should.Throw<DomainException>(() => i.SaveDraft(Actors.District(), Found() with { Latitude = 95 }, Scale, Now)).Code.ShouldBe("coordinates-invalid");
        i.State.ShouldBe(InspectionState.Planned);
    }

    [Fact]
    public void FailedItems_NameTheCheckpoints_AndThePointsNotMet_InScaleOrder()
    {
        var i = Submitted();

        i.Indicators.Select(x => x.Code).ShouldBe(["A1", "A2"]); // the scale's order, whatever order they came in
        i.FailedItems(Scale).ShouldBe(["卡口“东门卡口”检查时无人值守：到达时无人", "A2 严格落实“四件套”查验措施未达到标准：未查验健康码"]);
    }

    [Fact]
    public void NoProblem_ClosesTheInspection_AndChangesNothingElse()
    {
        var i = Submitted(staffed: true, a2Met: true);

        var outcome = InspectionRules.Decide(Actors.District(), i, InspectionOutcome.NoProblem, null, null, null, Scale, Now);

        (i.State, i.Outcome).ShouldBe((InspectionState.Decided, InspectionOutcome.NoProblem));
        outcome.NewTask.ShouldBeNull();
        // Only the inspection itself, on the story (internal): nothing was ordered.
        var story = outcome.Events.ShouldHaveSingleItem();
        (story.Kind, story.SubjectId, story.PublicSummary).ShouldBe((ProgrammeEventKind.InspectionDecided, i.Id, null));
        story.Summary.ShouldEndWith("：无问题");
        outcome.NoticeDrafts.ShouldBeEmpty();
    }

    [Fact]
    public void Rectification_OpensATask_WithTheFailedItemsAsItsMatters_AndANotice()
    {
        var i = Submitted();

        var outcome = InspectionRules.Decide(Actors.District(), i, InspectionOutcome.Rectification, "限期整改", null, null, Scale, Now);

        var task = outcome.NewTask.ShouldNotBeNull();
        (task.CommunityCode, task.Deadline, task.VetoesOnly).ShouldBe((Codes.Community, new DateOnly(2022, 7, 20), false));
        task.Reason.ShouldContain("卡口“东门卡口”检查时无人值守");
        task.Reason.ShouldContain("A2 严格落实“四件套”查验措施未达到标准");
        i.RectificationTaskId.ShouldBe(task.Id);
        outcome.NoticeDrafts.ShouldHaveSingleItem().ShouldBeOfType<RectificationDraft>().Matters.Count.ShouldBe(2);
        outcome.Consequences!.Describe("翠微路社区").Before.ShouldContain("2 项问题");
    }

    [Fact]
    public void Rectification_JoinsTheOpenTask_WhoseDeadlineOnlyMovesLater()
    {
        var (open, _) = RectificationTask.Open(Actors.District(), Codes.Community, "此前的整改", new DateOnly(2022, 8, 1), byVeto: true, Now.AddDays(-3));
        var i = Submitted();

        var outcome = InspectionRules.Decide(Actors.District(), i, InspectionOutcome.Rectification, "并入整改", open, new DateOnly(2022, 7, 1), Scale, Now);

        outcome.NewTask.ShouldBeNull();
        (open.Deadline, open.VetoesOnly).ShouldBe((new DateOnly(2022, 8, 1), false)); // a cause that is no veto: not withdrawn with the vetoes
        open.Reason.ShouldContain("督导检查");
        i.RectificationTaskId.ShouldBe(open.Id);
    }

    [Fact]
    public void Rectification_WithNothingFailed_IsRefused_AndNothingChanges()
    {
        var i = Submitted(staffed: true, a2Met: true);

        Should.Throw<DomainException>(() => InspectionRules.Decide(Actors.District(), i, InspectionOutcome.Rectification, "整改", null, null, Scale, Now))
            .Code.ShouldBe("nothing-failed");
        i.State.ShouldBe(InspectionState.Submitted);
    }

    [Fact]
    public void OnlyTheCity_MayIssueAMunicipalInspectionNotice()
    {
        var i = Submitted();
        var version = i.Version;

        var refused = Should.Throw<DomainException>(() => i.CheckDecide(Actors.District(), InspectionOutcome.InspectionNotice, "通报"));

        (refused.Kind, refused.Code, refused.Message).ShouldBe((DomainErrorKind.Forbidden, "wrong-role", "只有市社区防控组可以发出市级检查通报"));
        (i.State, i.Version).ShouldBe((InspectionState.Submitted, version));
        i.CheckDecide(Actors.City(), InspectionOutcome.InspectionNotice, "通报").ShouldBe("通报");
    }

    [Fact]
    public void ANotice_NeedsAFailedCheckpoint_AndAComment()
    {
        Should.Throw<DomainException>(() => Submitted(staffed: true).CheckDecide(Actors.City(), InspectionOutcome.InspectionNotice, "通报"))
            .Code.ShouldBe("no-failed-checkpoint");
        Should.Throw<DomainException>(() => Submitted().CheckDecide(Actors.City(), InspectionOutcome.InspectionNotice, " ")).Code.ShouldBe("reason-required");
    }

    [Fact]
    public void TheNotice_IsRecordedAsAnInspectionNoticeVeto_WithTheInspectionAsItsSource_RevokingTheTitle()
    {
        var i = Submitted();
        var report = i.NoticeReport("京防控通报〔2022〕12号", null);

        (report.Kind, report.InspectionId, report.OccurredAt, report.DocumentReference).ShouldBe((VetoKind.InspectionNotice, i.Id, Now.AddMinutes(-30),
            "京防控通报〔2022〕12号"));
        var title = Scene.Certified().Title!;
        var outcome = DynamicRules.RecordVeto(Actors.City(), report, title, null, null, Now);
        i.Decide(Actors.City(), InspectionOutcome.InspectionNotice, "通报", Now, vetoId: outcome.Veto!.Id);

        outcome.Veto.InspectionId.ShouldBe(i.Id);
        outcome.Veto.Description.ShouldContain("东门卡口");
        title.IsActive.ShouldBeFalse();
        (i.State, i.VetoId).ShouldBe((InspectionState.Decided, outcome.Veto.Id));
        InspectionNoticeSaid.Of(outcome.Consequences!.Describe("翠微路社区")).Before.ShouldStartWith("将发出市级检查通报，记为一票否决：将取消 翠微路社区 的无疫社区认定");
    }

    [Fact]
    public void AVetoTypedInByHand_HasNoInspection_AndOnlyANoticeCarriesOne()
    {
        Veto.Record(Actors.District(), Codes.Community, VetoKind.MediaExposure, Now, "北京日报", "卡口无人", null, true, Now, Guid.NewGuid())
            .InspectionId.ShouldBeNull();
        Veto.Record(Actors.District(), Codes.Community, VetoKind.InspectionNotice, Now, "市检查组", "卡口无人", null, true, Now).InspectionId.ShouldBeNull();
    }

    [Fact]
    public void ADecidedInspection_IsNotDecidedAgain()
    {
        var i = Submitted();
        InspectionRules.Decide(Actors.District(), i, InspectionOutcome.Rectification, "整改", null, null, Scale, Now);

        Should.Throw<DomainException>(() => i.CheckDecide(Actors.City(), InspectionOutcome.InspectionNotice, "通报")).Code.ShouldBe("illegal-transition");
    }
}
