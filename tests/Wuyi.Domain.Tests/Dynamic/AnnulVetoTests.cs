using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>Annulling a veto recorded by mistake: the city only, with a reason; nothing it caused is undone silently.</summary>
public sealed class AnnulVetoTests
{
    [Fact]
    public void RevokedTitle_StaysRevoked_AndARestoreDecisionIsOpened()
    {
        var scene = Scene.Certified();
        var veto = scene.RecordVeto().Veto!;

        var outcome = scene.Annul(reason: "该通报所指为相邻社区卡口");

        veto.IsLive.ShouldBeFalse();
        scene.Title!.IsActive.ShouldBeFalse();               // not restored silently
        scene.Title.RevokedByVetoId.ShouldBe(veto.Id);
        scene.Task.IsOpen.ShouldBeTrue();                    // not cancelled silently
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoAnnulled, ProgrammeEventKind.ReEvaluationOpened]);
        var item = outcome.NewReEvaluation.ShouldNotBeNull();
        item.Cause.ShouldBe(ReEvaluationCause.VetoAnnulled);
        item.State.ShouldBe(ReEvaluationState.Open);
        item.CommunityCode.ShouldBe(Codes.Community);
        item.DistrictCode.ShouldBe(Codes.Haidian);
        item.CertificationId.ShouldBe(scene.Title.Id);
        item.ApplicationId.ShouldBeNull();
        item.VetoId.ShouldBe(veto.Id);
        item.Explanation.ShouldBeNull();
        item.OpenKey.ShouldBe($"{Codes.Community}/4");
        item.Decisions.ShouldBe([ReEvaluationDecision.Restore, ReEvaluationDecision.Keep]);
        item.Detail.ShouldBe("否决事项“卡口点位被市级部门检查通报（市卫健委检查通报）”已撤销（该通报所指为相邻社区卡口）；该事项取消了认定、整改任务尚未完成，请决定是否恢复");
        outcome.Events[1].SubjectId.ShouldBe(item.Id);
        outcome.Events[1].Summary.ShouldBe($"列入重新评定（否决事项被撤销）：{item.Detail}");
    }

    [Fact]
    public void TwoMistakenVetoes_AnnulledOldestFirst_ShareOneDecision_ThatRestoresTheTitle()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        var second = scene.RecordVeto(Scene.Report(kind: VetoKind.MediaExposure, source: "北京日报")).Veto!;
        scene.Title!.RevokedByVetoId.ShouldBe(first.Id);

        scene.Annul(first);
        var outcome = scene.Annul(second);

        outcome.NewReEvaluation.ShouldBeNull(); // folded into the open decision: a second could never be decided
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoAnnulled]);
        var item = scene.ReEvaluation;
        item.Detail.ShouldContain("北京日报");
        item.Version.ShouldBe(2);

        scene.Decide(ReEvaluationDecision.Restore, "两项通报均系误录");
        scene.Title.IsActive.ShouldBeTrue();
        scene.Task.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void ATaskARevocationOnDeductionsOrdered_IsNotWithdrawnWhenALaterVetoIsAnnulled()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);
        scene.Decide(ReEvaluationDecision.Revoke, "扣分后低于达标线");
        scene.Task.VetoesOnly.ShouldBeFalse();
        var veto = scene.RecordVeto().Veto!;
        scene.Task.Reason.ShouldContain("市卫健委检查通报");

        var outcome = scene.Annul(veto);

        outcome.NewReEvaluation.ShouldBeNull(); // the veto revoked nothing and the task is not only its own
        scene.Task.IsOpen.ShouldBeTrue();
        Should.Throw<DomainException>(scene.RequireMayApply).Code.ShouldBe("rectification-pending");
    }

    [Fact]
    public void ATaskOnlyVetoesOrdered_IsOfferedForWithdrawal()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.Task.VetoesOnly.ShouldBeTrue();

        scene.Annul().NewReEvaluation.ShouldNotBeNull().Detail.ShouldContain("整改任务尚未完成");
        scene.Decide(ReEvaluationDecision.Restore, "误录");
        scene.Task.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void SuspendedApplication_StaysSuspended_AndARestoreDecisionIsOpened()
    {
        var scene = Scene.Applying(ApplicationState.Recommended);
        var veto = scene.RecordVeto().Veto!;

        var outcome = scene.Annul();

        scene.Application!.State.ShouldBe(ApplicationState.Suspended);
        var item = outcome.NewReEvaluation.ShouldNotBeNull();
        item.ApplicationId.ShouldBe(scene.Application.Id);
        item.CertificationId.ShouldBeNull();
        item.VetoId.ShouldBe(veto.Id);
        item.Detail.ShouldContain("该事项中止了申报、整改任务尚未完成");
    }

    [Fact]
    public void OnlyAnOpenTask_StillCallsForADecision()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();

        var outcome = scene.Annul();

        outcome.NewReEvaluation.ShouldNotBeNull().Detail.ShouldEndWith("该事项整改任务尚未完成，请决定是否恢复");
        scene.Task.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void NothingLeftOfIt_OnlyTheAnnulmentIsWritten()
    {
        // The rectification was accepted (clearing the veto) before the city found it was recorded by mistake.
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.Accept();

        var outcome = scene.Annul();

        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoAnnulled]);
        outcome.NewReEvaluation.ShouldBeNull();
        scene.Veto.AnnulledAtUtc.ShouldNotBeNull();
    }

    [Fact]
    public void AnActiveTitle_IsNotSomethingTheVetoCaused()
    {
        var scene = Scene.Nothing();
        var veto = scene.RecordVeto().Veto!;
        var active = Scene.Certified().Title!;

        var outcome = DynamicRules.AnnulVeto(Actors.City(), veto, "误录", active, null, null, scene.Tick());

        outcome.NewReEvaluation.ShouldBeNull();
        active.IsActive.ShouldBeTrue();
    }

    [Theory]
    [InlineData(ProgrammeRole.District)]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.Community)]
    public void ByAnyoneButTheCity_IsForbidden_AndNothingIsReopened(ProgrammeRole role)
    {
        var scene = Scene.Certified();
        scene.RecordVeto();

        var ex = Should.Throw<DomainException>(() => scene.Annul(actor: Actors.Covering(role)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        scene.Veto.IsLive.ShouldBeTrue();
        scene.ReEvaluations.ShouldBeEmpty();
    }

    [Fact]
    public void WithoutReason_IsInvalid_AndNothingIsReopened()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();

        var ex = Should.Throw<DomainException>(() => scene.Annul(reason: " "));

        ex.Code.ShouldBe("reason-required");
        ex.Errors["reason"].ShouldBe(["请填写撤销理由"]);
        scene.Veto.IsLive.ShouldBeTrue();
        scene.ReEvaluations.ShouldBeEmpty();
    }

    [Fact]
    public void Twice_IsAConflict_AndOpensNoSecondDecision()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.Annul();

        var ex = Should.Throw<DomainException>(() => scene.Annul(reason: "再次撤销"));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("veto-annulled");
        scene.ReEvaluations.Count.ShouldBe(1);
        scene.Veto.AnnulmentReason.ShouldBe("系录入错误，该通报所指为相邻社区卡口");
    }

    [Fact]
    public void WithAnotherLiveVetoStanding_TheRevocationIsReopened_ButCannotBeRestored()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        var second = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报")).Veto!;

        var outcome = scene.Annul(first);

        var item = outcome.NewReEvaluation.ShouldNotBeNull();
        item.Detail.ShouldContain("取消了认定");
        item.Detail.ShouldNotContain("整改任务尚未完成"); // the task stands for the second veto
        second.IsLive.ShouldBeTrue();

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Restore, "核实误录"));
        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("veto-still-live");
        ex.Message.ShouldBe("该社区（村）仍有未撤销、未整改的一票否决事项，不能恢复");
        item.IsOpen.ShouldBeTrue();
        scene.Title!.IsActive.ShouldBeFalse();
        scene.Task.IsOpen.ShouldBeTrue();

        scene.Decide(ReEvaluationDecision.Keep, "另有媒体曝光事项，维持取消认定");
        item.State.ShouldBe(ReEvaluationState.Kept);
        scene.Title.IsActive.ShouldBeFalse();
        scene.Task.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void TheVetoThatCausedNothing_WhileAnotherStands_OpensNoDecision()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        var second = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报")).Veto!;

        var outcome = scene.Annul(second);

        outcome.NewReEvaluation.ShouldBeNull();
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoAnnulled]);
        scene.LiveVetoes.Count.ShouldBe(1);
    }

    [Fact]
    public void ObjectsOfAnotherCommunity_AreAProgrammingError_AndTheVetoStands()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        var neighbours = Veto.Record(Actors.District(), Codes.Neighbour, VetoKind.MediaExposure, Times.AsOf, "北京日报", "卡口无人", null, false,
            scene.Tick());

        Should.Throw<ArgumentException>(() =>
            DynamicRules.AnnulVeto(Actors.City(), neighbours, "误录", scene.Title, null, null, scene.Tick()));
        neighbours.IsLive.ShouldBeTrue();
    }
}
