using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>
/// Re-evaluation (重新评定): a rule change, hotline deductions or an annulled veto put a community before its
/// district again; only the district's (or the city's) decision changes the title.
/// </summary>
public sealed class ReEvaluationTests
{
    public static TheoryData<ReEvaluationCause> RuleCauses => new(
        ReEvaluationCause.HotlineDeductions, ReEvaluationCause.PassMarkChange, ReEvaluationCause.ScaleChange);

    public static TheoryData<ReEvaluationCause> EveryCause => new(Enum.GetValues<ReEvaluationCause>());

    /// <summary>A certified community whose title was revoked by a veto that the city then annulled.</summary>
    private static Scene AnnulledAfterRevocation()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.Annul();
        return scene;
    }

    // ---- opening ----

    [Theory]
    [MemberData(nameof(EveryCause))]
    public void Open_KeepsCauseDetailAndSubjects_AndOneOpenKeyPerCommunityAndCause(ReEvaluationCause cause)
    {
        var explanation = Evaluations.Perfect().WithTotal(80m).Evaluate();
        var certification = Guid.NewGuid();
        var at = Times.AsOf;

        var (item, e) = ReEvaluation.Open(Actors.City(), cause, Codes.Community, "复核未达标", explanation, certification, null, null, at);

        item.Cause.ShouldBe(cause);
        item.CommunityCode.ShouldBe(Codes.Community);
        item.DistrictCode.ShouldBe(Codes.Haidian);
        item.Detail.ShouldBe("复核未达标");
        item.Explanation.ShouldBeSameAs(explanation);
        item.CertificationId.ShouldBe(certification);
        item.State.ShouldBe(ReEvaluationState.Open);
        item.IsOpen.ShouldBeTrue();
        item.OpenedAtUtc.ShouldBe(at.UtcDateTime);
        item.Version.ShouldBe(1);
        item.OpenKey.ShouldBe($"{Codes.Community}/{(int)cause}");
        item.OpenKey.ShouldBe(ReEvaluation.KeyFor(Codes.Community, cause));
        item.DecidedAtUtc.ShouldBeNull();
        e.Kind.ShouldBe(ProgrammeEventKind.ReEvaluationOpened);
        e.SubjectId.ShouldBe(item.Id);
        e.Summary.ShouldBe($"列入重新评定（{ReEvaluation.CauseName(cause)}）：复核未达标");
        e.PublicSummary.ShouldBeNull();
    }

    [Fact]
    public void KeyFor_DiffersByCommunityAndByCause()
    {
        var keys = new[]
        {
            ReEvaluation.KeyFor(Codes.Community, ReEvaluationCause.HotlineDeductions),
            ReEvaluation.KeyFor(Codes.Community, ReEvaluationCause.PassMarkChange),
            ReEvaluation.KeyFor(Codes.Neighbour, ReEvaluationCause.HotlineDeductions),
        };

        keys.Distinct().Count().ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(RuleCauses))]
    public void RuleCause_MayBeKeptOrRevoked_NeverRestored(ReEvaluationCause cause)
    {
        var item = Scene.Certified().OpenReEvaluation(cause);

        item.Decisions.ShouldBe([ReEvaluationDecision.Keep, ReEvaluationDecision.Revoke]);
    }

    [Fact]
    public void AnnulledVeto_MayBeRestoredOrKept_NeverRevoked()
    {
        AnnulledAfterRevocation().ReEvaluation.Decisions.ShouldBe([ReEvaluationDecision.Restore, ReEvaluationDecision.Keep]);
    }

    [Fact]
    public void OpeningAlone_NeverTouchesTheTitle()
    {
        var scene = Scene.Certified();

        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        scene.Title!.IsActive.ShouldBeTrue();
        scene.Tasks.ShouldBeEmpty();
    }

    // ---- Keep ----

    [Theory]
    [MemberData(nameof(RuleCauses))]
    public void Keep_RecordsTheDecision_AndChangesNothingElse(ReEvaluationCause cause)
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(cause);
        var district = Actors.District();

        var outcome = scene.Decide(ReEvaluationDecision.Keep, "  现场复核情况良好，维持认定  ", actor: district);

        item.State.ShouldBe(ReEvaluationState.Kept);
        item.IsOpen.ShouldBeFalse();
        item.OpenKey.ShouldBeNull();
        item.Version.ShouldBe(2);
        item.Comment.ShouldBe("现场复核情况良好，维持认定");
        item.DecidedAtUtc.ShouldBe(scene.Now.UtcDateTime);
        (item.DecidedByUserId, item.DecidedByName).ShouldBe((district.UserId, district.Name));
        item.Decisions.ShouldBeEmpty();
        scene.Title!.IsActive.ShouldBeTrue();
        scene.Tasks.ShouldBeEmpty();
        outcome.NewTask.ShouldBeNull();
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.ReEvaluationDecided]);
        outcome.Events[0].Summary.ShouldBe($"重新评定（{ReEvaluation.CauseName(cause)}）：维持。现场复核情况良好，维持认定");
        outcome.Events[0].SubjectId.ShouldBe(item.Id);
    }

    [Fact]
    public void Keep_AfterAnAnnulledVeto_LeavesTheRevocationAndTheTask()
    {
        var scene = AnnulledAfterRevocation();

        scene.Decide(ReEvaluationDecision.Keep, "整改完成后重新申报");

        scene.ReEvaluation.State.ShouldBe(ReEvaluationState.Kept);
        scene.Title!.IsActive.ShouldBeFalse();
        scene.Task.IsOpen.ShouldBeTrue();
    }

    // ---- Revoke ----

    [Theory]
    [MemberData(nameof(RuleCauses))]
    public void Revoke_TakesTheTitle_AndOpensRectification(ReEvaluationCause cause)
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(cause);

        var outcome = scene.Decide(ReEvaluationDecision.Revoke, "扣分后低于达标线，取消认定");

        item.State.ShouldBe(ReEvaluationState.Revoked);
        var title = scene.Title!;
        title.IsActive.ShouldBeFalse();
        title.ActiveForCommunity.ShouldBeNull();
        title.RevokedByVetoId.ShouldBeNull();
        title.RevocationReason.ShouldBe($"重新评定未达标（{ReEvaluation.CauseName(cause)}）");
        var task = outcome.NewTask.ShouldNotBeNull();
        task.State.ShouldBe(RectificationState.Open);
        task.Reason.ShouldBe($"重新评定未达标（{ReEvaluation.CauseName(cause)}）：扣分后低于达标线，取消认定");
        task.Deadline.ShouldBe(ProgrammeClock.DateOf(scene.Now).AddDays(DynamicRules.DefaultRectificationDays));
        outcome.Events.Select(e => e.Kind).ShouldBe(
            [ProgrammeEventKind.ReEvaluationDecided, ProgrammeEventKind.TitleRevoked, ProgrammeEventKind.RectificationOpened]);
    }

    [Fact]
    public void Revoke_WithADeadline_UsesIt()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.PassMarkChange);

        var outcome = scene.Decide(ReEvaluationDecision.Revoke, "取消认定", deadline: new DateOnly(2022, 7, 3));

        outcome.NewTask!.Deadline.ShouldBe(new DateOnly(2022, 7, 3));
    }

    [Fact]
    public void Revoke_WithAPastDeadline_IsRefused_AndNothingChanges()
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.PassMarkChange);

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Revoke, "取消认定", deadline: new DateOnly(2022, 6, 1)));

        ex.Code.ShouldBe("deadline-past");
        item.IsOpen.ShouldBeTrue();
        item.Version.ShouldBe(1);
        item.Comment.ShouldBeNull();
        scene.Title!.IsActive.ShouldBeTrue();
        scene.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public void Revoke_WithoutAnActiveTitle_IsAConflict_AndTheItemStaysOpen()
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);
        scene.RecordVeto(); // the title went meanwhile

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Revoke, "取消认定"));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("title-revoked");
        ex.Message.ShouldBe("该社区（村）当前没有有效的认定");
        item.IsOpen.ShouldBeTrue();
        item.State.ShouldBe(ReEvaluationState.Open);
        item.OpenKey.ShouldNotBeNull();
        item.Version.ShouldBe(1);
        scene.Decide(ReEvaluationDecision.Keep, "已因一票否决取消认定").ShouldNotBeNull();
    }

    [Fact]
    public void Revoke_WithATaskAlreadyOpen_AddsItsCauseToThatTask()
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);
        var (task, _) = RectificationTask.Open(Actors.District(), Codes.Community, "卡口消毒记录缺失", new DateOnly(2022, 7, 1), byVeto: false, scene.Tick());
        scene.Tasks.Add(task);

        var outcome = scene.Decide(ReEvaluationDecision.Revoke, "扣分过多");

        outcome.NewTask.ShouldBeNull();
        task.Reason.ShouldBe("卡口消毒记录缺失；重新评定未达标（12345诉求扣分后低于达标线）：扣分过多");
        task.Version.ShouldBe(2);
        item.State.ShouldBe(ReEvaluationState.Revoked);
        scene.Title!.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void Revoke_OnAnAnnulledVeto_IsNotAnAnswerItMayGet()
    {
        var scene = AnnulledAfterRevocation();

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Revoke, "取消"));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("decision-invalid");
        ex.Message.ShouldBe("“否决事项被撤销”不能作出“取消认定并督促整改”的结论");
        scene.ReEvaluation.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void NoDecision_IsRefused_NamingTheAnswersItMayGet()
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        var ex = Should.Throw<DomainException>(() => scene.Decide(default, "意见"));

        ex.Code.ShouldBe("decision-required");
        ex.Message.ShouldContain("维持");
        ex.Message.ShouldNotContain("0");
        item.IsOpen.ShouldBeTrue();
    }

    // ---- Restore ----

    [Theory]
    [MemberData(nameof(RuleCauses))]
    public void Restore_OnARuleCause_IsNotAnAnswerItMayGet(ReEvaluationCause cause)
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(cause);

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, "恢复"));

        ex.Code.ShouldBe("decision-invalid");
        ex.Message.ShouldBe($"“{ReEvaluation.CauseName(cause)}”不能作出“恢复”的结论");
        item.IsOpen.ShouldBeTrue();
        item.Version.ShouldBe(1);
    }

    [Fact]
    public void Restore_OnARuleCause_IsInvalid_EvenWhileAVetoStands()
    {
        // The answer is wrong for this item whatever else is on record.
        var scene = Scene.Nothing();
        scene.RecordVeto();
        var item = scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, "恢复", item)).Code.ShouldBe("decision-invalid");
    }

    [Fact]
    public void Restore_AfterAnAnnulledVeto_GivesTheTitleBack_AndWithdrawsTheTask()
    {
        var scene = AnnulledAfterRevocation();
        var item = scene.ReEvaluation;

        var outcome = scene.Decide(ReEvaluationDecision.Restore, "核实系误录，恢复认定", actor: Actors.City());

        item.State.ShouldBe(ReEvaluationState.Restored);
        var title = scene.Title!;
        title.IsActive.ShouldBeTrue();
        title.ActiveForCommunity.ShouldBe(Codes.Community);
        title.RevocationReason.ShouldBeNull();
        title.RevokedByVetoId.ShouldBeNull();
        title.RevokedAtUtc.ShouldBeNull();
        title.RestoredAtUtc.ShouldBe(scene.Now.UtcDateTime);
        var task = scene.Task;
        task.State.ShouldBe(RectificationState.Cancelled);
        task.IsOpen.ShouldBeFalse();
        task.OpenForCommunity.ShouldBeNull();
        task.ClosedAtUtc.ShouldBe(scene.Now.UtcDateTime);
        task.DecisionComment.ShouldBe("否决事项已撤销，恢复原状");
        outcome.Events.Select(e => e.Kind).ShouldBe(
            [ProgrammeEventKind.ReEvaluationDecided, ProgrammeEventKind.TitleRestored, ProgrammeEventKind.RectificationCancelled]);
        outcome.Events[1].Summary.ShouldBe("恢复认定（第 1 批）：核实系误录，恢复认定");
        outcome.NewTask.ShouldBeNull();
        scene.RequireMayApply(); // nothing stands in the way any more
    }

    [Theory]
    [InlineData(ApplicationState.Submitted)]
    [InlineData(ApplicationState.Recommended)]
    [InlineData(ApplicationState.Filed)]
    public void Restore_AfterAnAnnulledVeto_ResumesTheApplicationWhereItStood(ApplicationState state)
    {
        var scene = Scene.Applying(state);
        scene.RecordVeto();
        scene.Annul();
        var app = scene.Application!;

        var outcome = scene.Decide(ReEvaluationDecision.Restore, "核实系误录，恢复办理");

        app.State.ShouldBe(state);
        app.SuspendedByVetoId.ShouldBeNull();
        app.OpenForCommunity.ShouldBe(Codes.Community);
        var last = app.History[^1];
        (last.Action, last.From, last.To, last.Comment).ShouldBe((ApplicationAction.Resume, ApplicationState.Suspended, state, "核实系误录，恢复办理"));
        outcome.Events.Select(e => e.Kind).ShouldBe(
            [ProgrammeEventKind.ReEvaluationDecided, ProgrammeEventKind.ApplicationResumed, ProgrammeEventKind.RectificationCancelled]);
        outcome.Events[1].SubjectId.ShouldBe(app.Id);
        outcome.Events[1].Summary.ShouldBe("申报恢复办理：核实系误录，恢复办理");
    }

    [Fact]
    public void Restore_WhileAnotherVetoStands_IsRefused_AndNothingChanges()
    {
        var scene = Scene.Applying(ApplicationState.Recommended);
        var first = scene.RecordVeto().Veto!;
        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));
        scene.Annul(first);
        var item = scene.ReEvaluation;

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, "恢复"));

        ex.Code.ShouldBe("veto-still-live");
        item.IsOpen.ShouldBeTrue();
        scene.Application!.State.ShouldBe(ApplicationState.Suspended);
        scene.Task.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void Restore_WhenTheOtherVetoWasAnnulledFirst_IsAllowed()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        var second = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报")).Veto!;
        scene.Annul(second).NewReEvaluation.ShouldBeNull(); // it caused nothing of its own
        scene.Annul(first);

        scene.Decide(ReEvaluationDecision.Restore, "两项均系误录");

        scene.Title!.IsActive.ShouldBeTrue();
        scene.Task.State.ShouldBe(RectificationState.Cancelled);
    }

    // ---- who, and only once ----

    [Fact]
    public void Decide_Twice_IsAConflict_AndTheFirstDecisionStands()
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);
        scene.Decide(ReEvaluationDecision.Keep, "维持");

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Revoke, "取消"));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("illegal-transition");
        ex.Message.ShouldBe("该重新评定已有结论（维持）");
        item.State.ShouldBe(ReEvaluationState.Kept);
        item.Comment.ShouldBe("维持");
        item.Version.ShouldBe(2);
        scene.Title!.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Decide_TwiceOnARestoredItem_IsAConflict()
    {
        var scene = AnnulledAfterRevocation();
        scene.Decide(ReEvaluationDecision.Restore, "恢复");

        Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, "再次恢复")).Message.ShouldBe("该重新评定已有结论（已恢复）");
    }

    [Theory]
    [InlineData(ReEvaluationDecision.Keep, "请填写重新评定意见")]
    [InlineData(ReEvaluationDecision.Revoke, "请填写取消认定的理由")]
    public void Decide_WithoutComment_IsInvalid_AndNothingChanges(ReEvaluationDecision decision, string message)
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.PassMarkChange);

        var ex = Should.Throw<DomainException>(() => scene.Decide(decision, "  "));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("reason-required");
        ex.Errors["comment"].ShouldBe([message]);
        item.IsOpen.ShouldBeTrue();
        scene.Title!.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Restore_WithoutComment_IsInvalid_AndNothingIsRestored()
    {
        var scene = AnnulledAfterRevocation();

        Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, null)).Errors["comment"].ShouldBe(["请填写重新评定意见"]);

        scene.Title!.IsActive.ShouldBeFalse();
        scene.Task.IsOpen.ShouldBeTrue();
    }

    [Theory]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.Community)]
    public void Decide_ByStreetOrCommunity_IsForbidden(ProgrammeRole role)
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Revoke, "取消", actor: Actors.Covering(role)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe("只有市、区社区防控组可以重新评定");
        item.IsOpen.ShouldBeTrue();
        scene.Title!.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Decide_ByAnotherDistrict_IsForbidden()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Revoke, "取消", actor: Actors.District(Codes.Chaoyang)))
            .Code.ShouldBe("out-of-scope");
        scene.Title!.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Decide_ByAStreetAskingToRestore_IsForbidden_NotTold_AboutOtherVetoes()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));
        scene.Annul(first);

        Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, "恢复", actor: Actors.Street()))
            .Kind.ShouldBe(DomainErrorKind.Forbidden);
    }

    [Fact]
    public void Decide_ByTheCity_IsAllowed()
    {
        var scene = Scene.Certified();
        var item = scene.OpenReEvaluation(ReEvaluationCause.ScaleChange);

        scene.Decide(ReEvaluationDecision.Keep, "维持", actor: Actors.City());

        item.State.ShouldBe(ReEvaluationState.Kept);
        item.DecidedByUserId.ShouldBe(Actors.City().UserId);
    }

    [Fact]
    public void Names_AreChinese_ForEveryValue()
    {
        foreach (var c in Enum.GetValues<ReEvaluationCause>()) ReEvaluation.CauseName(c).ShouldNotBe(c.ToString());
        foreach (var s in Enum.GetValues<ReEvaluationState>()) ReEvaluation.StateName(s).ShouldNotBe(s.ToString());
        foreach (var d in Enum.GetValues<ReEvaluationDecision>()) ReEvaluation.DecisionName(d).ShouldNotBe(d.ToString());
    }
}
