using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>
/// A decision says what it will do before it is taken (issue 11): each preview refuses as its step would, changes
/// nothing, and foresees exactly what the step then does (rules 14–17), in words naming the community.
/// </summary>
public sealed class ConsequencesTests
{
    private const string Name = "翠微路社区居委会";

    // ---- a veto (rule 14) ----

    [Fact]
    public void VetoPreview_OnACertifiedCommunity_ForeseesTheRevocation_TheListAndTheDefaultDeadline_AndChangesNothing()
    {
        var scene = Scene.Certified();

        var will = scene.PreviewVeto();

        will.RevokesTitle.ShouldBeTrue();
        will.LeavesPublicList.ShouldBeTrue();
        will.SuspendsApplication.ShouldBeFalse();
        will.JoinsOpenTask.ShouldBeFalse();
        will.RectificationDeadline.ShouldBe(new DateOnly(2022, 7, 20)); // 30 days from 2022-06-20 (rule 14 default)
        scene.Title!.IsActive.ShouldBeTrue();
        scene.Vetoes.ShouldBeEmpty();
        scene.Tasks.ShouldBeEmpty();

        var outcome = scene.RecordVeto();
        outcome.Consequences.ShouldBe(will);
        scene.Title.IsActive.ShouldBe(!will.RevokesTitle);
        scene.Task.Deadline.ShouldBe(will.RectificationDeadline);
    }

    [Fact]
    public void VetoPreview_SaysItInChinese_BeforeAndAfter()
    {
        var said = Scene.Certified().PreviewVeto(Scene.Report(deadline: new DateOnly(2022, 7, 4))).Describe(Name);

        said.Before.ShouldBe($"将取消 {Name} 的无疫社区认定，立即从公开名单撤下，并下达整改任务，期限 2022年7月4日；发出取消认定通知书、整改通知书");
        said.After.ShouldBe($"已记录一票否决：{Name} 的认定已取消，已从公开名单撤下，整改任务期限 2022年7月4日；已发出取消认定通知书、整改通知书");
    }

    [Fact]
    public void VetoPreview_WithAnOpenTask_ForeseesTheLaterDeadline_ThatTheTaskThenHas()
    {
        var scene = Scene.Certified();
        scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 7, 10)));

        var earlier = scene.PreviewVeto(Scene.Report(kind: VetoKind.MediaExposure, source: "北京日报", deadline: new DateOnly(2022, 7, 1)));
        var later = scene.PreviewVeto(Scene.Report(kind: VetoKind.MediaExposure, source: "北京日报", deadline: new DateOnly(2022, 8, 1)));

        earlier.JoinsOpenTask.ShouldBeTrue();
        earlier.RevokesTitle.ShouldBeFalse(); // already revoked: the public list does not change again
        earlier.RectificationDeadline.ShouldBe(new DateOnly(2022, 7, 10));
        later.RectificationDeadline.ShouldBe(new DateOnly(2022, 8, 1));
        earlier.Describe(Name).Before.ShouldBe($"将对 {Name} 实行一票否决（目前没有有效认定，公开名单不变），并列入其进行中的整改任务，期限 2022年7月10日；发出整改通知书");

        scene.RecordVeto(Scene.Report(kind: VetoKind.MediaExposure, source: "北京日报", deadline: new DateOnly(2022, 8, 1)));
        scene.Task.Deadline.ShouldBe(later.RectificationDeadline);
    }

    [Fact]
    public void VetoPreview_OnAnOpenApplication_ForeseesItsSuspension()
    {
        var scene = Scene.Applying(ApplicationState.Recommended);

        var will = scene.PreviewVeto();

        will.SuspendsApplication.ShouldBeTrue();
        will.RevokesTitle.ShouldBeFalse();
        scene.Application!.State.ShouldBe(ApplicationState.Recommended);
        scene.RecordVeto();
        scene.Application.State.ShouldBe(ApplicationState.Suspended);
    }

    [Fact]
    public void VetoPreview_RefusesWhatRecordingRefuses()
    {
        var scene = Scene.Certified();

        Should.Throw<DomainException>(() => scene.PreviewVeto(Scene.Report(VetoKind.CaseWithManagementLapse))).Code.ShouldBe("not-a-veto");
        Should.Throw<DomainException>(() => scene.PreviewVeto(Scene.Report(deadline: new DateOnly(2022, 6, 1)))).Code.ShouldBe("deadline-past");
        Should.Throw<DomainException>(() => scene.PreviewVeto(actor: Actors.Street())).Kind.ShouldBe(DomainErrorKind.Forbidden);
        scene.Title!.IsActive.ShouldBeTrue();
    }

    // ---- annulling a veto (rule 15) ----

    [Fact]
    public void AnnulmentPreview_ForeseesAReEvaluation_NotARestoration_AndChangesNothing()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();

        var will = scene.PreviewAnnulment();

        will.Caused.ShouldBe(["取消了认定", "整改任务尚未完成"]);
        will.QueuesReEvaluation.ShouldBeTrue();
        will.TitleRevoked.ShouldBeTrue();
        scene.Veto.IsLive.ShouldBeTrue();
        will.Describe(Name).Before.ShouldBe(
            $"将撤销 {Name} 的否决事项“卡口点位被市级部门检查通报（市卫健委检查通报）”，该事项不再计入评定；该事项取消了认定、整改任务尚未完成，" +
            $"这些不会自动恢复，将列入重新评定，由区或市社区防控组决定是否恢复；在作出恢复决定前，{Name} 仍不在公开名单上");

        var outcome = scene.Annul();
        var did = outcome.Consequences.ShouldBeOfType<AnnulmentConsequences>();
        did.Caused.ShouldBe(will.Caused);
        did.Describe(Name).ShouldBe(will.Describe(Name));
        outcome.NewReEvaluation.ShouldNotBeNull();
        scene.Title!.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void AnnulmentPreview_RefusesWhatAnnulmentRefuses()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();

        Should.Throw<DomainException>(() => scene.PreviewAnnulment(reason: " ")).Code.ShouldBe("reason-required");
        Should.Throw<DomainException>(() => scene.PreviewAnnulment(actor: Actors.District())).Kind.ShouldBe(DomainErrorKind.Forbidden);
    }

    // ---- re-evaluation (rule 17) ----

    [Fact]
    public void RevokePreview_ForeseesTheRevocation_AndTheDeadlineOfTheTaskItOpens()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        var will = scene.PreviewDecision(ReEvaluationDecision.Revoke, "扣分后未达标", deadline: new DateOnly(2022, 7, 30));

        will.LeavesPublicList.ShouldBeTrue();
        will.RectificationDeadline.ShouldBe(new DateOnly(2022, 7, 30));
        scene.Title!.IsActive.ShouldBeTrue();
        will.Describe(Name).Before.ShouldBe($"将取消 {Name} 的无疫社区认定，立即从公开名单撤下，并下达整改任务，期限 2022年7月30日；发出取消认定通知书、整改通知书");

        var outcome = scene.Decide(ReEvaluationDecision.Revoke, "扣分后未达标", deadline: new DateOnly(2022, 7, 30));
        outcome.Consequences.ShouldBe(will);
        scene.Title.IsActive.ShouldBeFalse();
        scene.Task.Deadline.ShouldBe(will.RectificationDeadline!.Value);
    }

    [Fact]
    public void KeepPreview_ChangesNothing_AndSaysTheTitleStays()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.PassMarkChange);

        var said = scene.PreviewDecision(ReEvaluationDecision.Keep, "现场复核达标").Describe(Name);

        said.Before.ShouldBe($"将保留 {Name} 的无疫社区认定，仍在公开名单上，不作其他变更");
        scene.ReEvaluation.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void RestorePreview_AfterAnAnnulledVeto_ForeseesTheTitleBack_AndTheTaskWithdrawn()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.Annul();

        var will = scene.PreviewDecision(ReEvaluationDecision.Restore, "否决事项系误录");

        will.RestoresTitle.ShouldBeTrue();
        will.ReturnsToPublicList.ShouldBeTrue();
        will.WithdrawsTask.ShouldBeTrue();
        will.ResumesApplication.ShouldBeFalse();
        will.Describe(Name).Before.ShouldBe($"将恢复 {Name} 的无疫社区认定，立即重新列入公开名单，撤销因否决事项下达的整改任务");
        scene.Title!.IsActive.ShouldBeFalse();

        scene.Decide(ReEvaluationDecision.Restore, "否决事项系误录").Consequences.ShouldBe(will);
        scene.Title.IsActive.ShouldBeTrue();
        scene.Task.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void RestorePreview_RefusedWhileAnotherVetoStands()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        scene.RecordVeto(Scene.Report(kind: VetoKind.MediaExposure, source: "北京日报"));
        scene.Annul(first);

        Should.Throw<DomainException>(() => scene.PreviewDecision(ReEvaluationDecision.Restore, "恢复")).Code.ShouldBe("veto-still-live");
    }

    // ---- rectification (rule 16) ----

    [Fact]
    public void AcceptancePreview_CountsTheVetoesItClears_AndChangesNothing()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();

        var will = scene.PreviewAcceptance();

        will.VetoesCleared.ShouldBe(1);
        scene.Veto.IsLive.ShouldBeTrue();
        scene.Task.State.ShouldBe(RectificationState.Reported);
        will.Describe(Name).Before.ShouldBe($"将验收通过 {Name} 的整改，结束整改任务，消除此前记录的 1 项一票否决事项，此后该社区（村）可以重新申报（不会自动恢复认定）；发出整改验收合格通知书");

        scene.Accept().Consequences.ShouldBe(will);
        scene.Veto.IsLive.ShouldBeFalse();
    }

    [Fact]
    public void SendBackPreview_ForeseesTheReturnsNumberAndTheDeadline()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();

        var will = scene.Task.PreviewSendBack(Actors.District(), "排班表未附", new DateOnly(2022, 8, 5), scene.Next);

        will.Returns.ShouldBe(1);
        will.Deadline.ShouldBe(new DateOnly(2022, 8, 5));
        scene.Task.State.ShouldBe(RectificationState.Reported);
        will.Describe(Name).After.ShouldBe($"已退回继续整改：{Name} 第 1 次退回，整改期限 2022年8月5日；已发出整改退回通知书");
        Should.Throw<DomainException>(() => scene.Task.PreviewSendBack(Actors.District(), "", null, scene.Next)).Code.ShouldBe("reason-required");

        scene.SendBack("排班表未附", new DateOnly(2022, 8, 5));
        scene.Task.Returns.ShouldBe(will.Returns);
        scene.Task.Deadline.ShouldBe(will.Deadline);
    }
}
