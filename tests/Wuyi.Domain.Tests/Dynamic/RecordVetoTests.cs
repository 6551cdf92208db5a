using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>What a veto does at once (rules 3 and 14): revoke a title, stop an application, open a rectification.</summary>
public sealed class RecordVetoTests
{
    public static TheoryData<VetoKind, bool> EveryVeto => new()
    {
        { VetoKind.InspectionNotice, false },
        { VetoKind.MediaExposure, false },
        { VetoKind.CaseWithManagementLapse, true },
    };

    /// <summary>States in which an application is still open and a veto must stop it.</summary>
    public static TheoryData<ApplicationState> OpenStates => new(
        Enum.GetValues<ApplicationState>().Where(ApplicationStates.IsOpen));

    // ---- against a certified community ----

    [Theory]
    [MemberData(nameof(EveryVeto))]
    public void Certified_TitleIsRevokedAtOnce_WithTheEventAsItsPublicReason(VetoKind kind, bool lapse)
    {
        var scene = Scene.Certified();

        var outcome = scene.RecordVeto(Scene.Report(kind, managementLapse: lapse));

        var veto = outcome.Veto.ShouldNotBeNull();
        var title = scene.Title!;
        title.IsActive.ShouldBeFalse();
        title.ActiveForCommunity.ShouldBeNull();
        title.RevokedAtUtc.ShouldBe(scene.Now.UtcDateTime);
        title.RevokedByVetoId.ShouldBe(veto.Id);
        title.RevocationReason.ShouldBe(veto.PublicReason);
        title.RevocationReason!.ShouldContain(VetoKindNames.Of(kind));
    }

    [Fact]
    public void Certified_HistoryIsVetoThenRevocationThenRectification()
    {
        var scene = Scene.Certified();

        var outcome = scene.RecordVeto();

        var veto = outcome.Veto!;
        outcome.Events.Select(e => e.Kind).ShouldBe(
            [ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.TitleRevoked, ProgrammeEventKind.RectificationOpened]);
        outcome.Events[0].SubjectId.ShouldBe(veto.Id);
        outcome.Events[1].SubjectId.ShouldBe(scene.Title!.Id);
        outcome.Events[2].SubjectId.ShouldBe(outcome.NewTask!.Id);
        outcome.Events.ShouldAllBe(e => e.CommunityCode == Codes.Community && e.AtUtc == scene.Now.UtcDateTime);
        outcome.Events[0].Summary.ShouldBe("卡口点位被市级部门检查通报（市卫健委检查通报）：卡口夜间无人值守，未查验健康码");
        outcome.Events[1].Summary.ShouldBe($"取消认定（第 1 批）：{veto.PublicReason}");
        outcome.NewReEvaluation.ShouldBeNull();
    }

    [Fact]
    public void Certified_RectificationIsOpened_WithTheDefaultThirtyDays()
    {
        var scene = Scene.Certified();

        var outcome = scene.RecordVeto();

        var task = outcome.NewTask.ShouldNotBeNull();
        task.State.ShouldBe(RectificationState.Open);
        task.IsOpen.ShouldBeTrue();
        task.CommunityCode.ShouldBe(Codes.Community);
        task.DistrictCode.ShouldBe(Codes.Haidian);
        task.OpenForCommunity.ShouldBe(Codes.Community);
        task.Deadline.ShouldBe(new DateOnly(2022, 7, 20)); // 2022-06-20 + 30
        DynamicRules.DefaultRectificationDays.ShouldBe(30);
        task.Reason.ShouldBe($"一票否决：{outcome.Veto!.PublicReason}");
        task.OpenedAtUtc.ShouldBe(scene.Now.UtcDateTime);
        task.Version.ShouldBe(1);
        task.Returns.ShouldBe(0);
        task.Report.ShouldBeNull();
        outcome.Events[^1].Summary.ShouldBe($"督促整改，期限至 2022-07-20：{task.Reason}");
    }

    [Fact]
    public void Certified_ADeadlineGivenByTheRecorder_IsTheTasksDeadline()
    {
        var scene = Scene.Certified();

        var outcome = scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 7, 5)));

        outcome.NewTask!.Deadline.ShouldBe(new DateOnly(2022, 7, 5));
    }

    [Fact]
    public void DefaultDeadline_CountsFromTheBeijingDate()
    {
        // 2022-06-20 17:00 UTC is already 21 June in Beijing: thirty days from there is 21 July.
        var at = new DateTimeOffset(2022, 6, 20, 17, 0, 0, TimeSpan.Zero);

        var outcome = DynamicRules.RecordVeto(Actors.District(), Scene.Report(), null, null, null, at);

        outcome.NewTask!.Deadline.ShouldBe(new DateOnly(2022, 7, 21));
    }

    [Fact]
    public void ADeadlineOfToday_IsAccepted_AndYesterdayIsRefused()
    {
        var today = ProgrammeClock.DateOf(Times.AsOf.AddHours(1));

        Scene.Nothing().RecordVeto(Scene.Report(deadline: today)).NewTask!.Deadline.ShouldBe(today);
        var ex = Should.Throw<DomainException>(() => Scene.Nothing().RecordVeto(Scene.Report(deadline: today.AddDays(-1))));
        ex.Code.ShouldBe("deadline-past");
        ex.Errors["deadline"].ShouldBe(["整改期限不能早于今天"]);
    }

    [Fact]
    public void Certified_ADeadlineInThePast_IsRefused_AndTheTitleStands()
    {
        var scene = Scene.Certified();

        var ex = Should.Throw<DomainException>(() => scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 6, 1))));

        ex.Code.ShouldBe("deadline-past");
        scene.Title!.IsActive.ShouldBeTrue();
        scene.Title.RevocationReason.ShouldBeNull();
        scene.Vetoes.ShouldBeEmpty();
    }

    // ---- against an open application ----

    [Theory]
    [MemberData(nameof(OpenStates))]
    public void OpenApplication_IsSuspended_AndRemembersWhereItStood(ApplicationState state)
    {
        var scene = Scene.Applying(state);
        var app = scene.Application!;
        var version = app.Version;

        var outcome = scene.RecordVeto();

        var veto = outcome.Veto!;
        app.State.ShouldBe(ApplicationState.Suspended);
        app.SuspendedByVetoId.ShouldBe(veto.Id);
        app.OpenForCommunity.ShouldBeNull();
        app.Version.ShouldBe(version + 1);
        var last = app.History[^1];
        (last.Action, last.From, last.To).ShouldBe((ApplicationAction.Suspend, state, ApplicationState.Suspended));
        last.Comment.ShouldBe($"一票否决：{veto.PublicReason}");
        last.ActorRole.ShouldBe(ProgrammeRole.District);
        outcome.Events.Select(e => e.Kind).ShouldBe(
            [ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.ApplicationSuspended, ProgrammeEventKind.RectificationOpened]);
        outcome.Events[1].SubjectId.ShouldBe(app.Id);
        outcome.Events[1].Summary.ShouldBe($"进行中的申报因一票否决中止：{veto.PublicReason}");
        outcome.NewTask.ShouldNotBeNull();
    }

    [Fact]
    public void SuspendedApplication_CannotGoOnToCertification()
    {
        var scene = Scene.Applying(ApplicationState.Filed);
        scene.RecordVeto();

        var ex = Should.Throw<DomainException>(() =>
            Wuyi.Domain.Publication.PublicationBatch.Publish(1, null, [scene.Application!], Actors.City(), scene.Tick(), new Wuyi.Domain.Publication.CertificateNumbering()));

        ex.Code.ShouldBe("illegal-transition");
        ex.Message.ShouldContain("因一票否决中止");
    }

    [Fact]
    public void OpenApplication_RecordedByTheCity_IsSuspendedByTheCity()
    {
        var scene = Scene.Applying(ApplicationState.Submitted);

        scene.RecordVeto(actor: Actors.City());

        scene.Application!.State.ShouldBe(ApplicationState.Suspended);
        scene.Application.History[^1].ActorRole.ShouldBe(ProgrammeRole.City);
    }

    [Theory]
    [InlineData(ApplicationState.Rejected)]
    [InlineData(ApplicationState.Withdrawn)]
    public void ClosedApplication_IsLeftAsItIs(ApplicationState state)
    {
        var scene = Scene.Applying(state);
        var version = scene.Application!.Version;

        var outcome = scene.RecordVeto();

        scene.Application.State.ShouldBe(state);
        scene.Application.Version.ShouldBe(version);
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.RectificationOpened]);
    }

    [Fact]
    public void AClosedApplicationPassedAsOpen_IsRefused()
    {
        var scene = Scene.Applying(ApplicationState.Rejected);

        var ex = Should.Throw<DomainException>(() =>
            DynamicRules.RecordVeto(Actors.District(), Scene.Report(), null, scene.Application, null, scene.Tick()));

        ex.Code.ShouldBe("illegal-transition");
        scene.Application!.State.ShouldBe(ApplicationState.Rejected);
    }

    // ---- against a community with nothing ----

    [Theory]
    [MemberData(nameof(EveryVeto))]
    public void Nothing_TheVetoIsRecorded_AndRectificationOpened(VetoKind kind, bool lapse)
    {
        var scene = Scene.Nothing();

        var outcome = scene.RecordVeto(Scene.Report(kind, managementLapse: lapse));

        outcome.Veto!.Kind.ShouldBe(kind);
        outcome.Veto.IsLive.ShouldBeTrue();
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.RectificationOpened]);
        outcome.NewTask!.State.ShouldBe(RectificationState.Open);
    }

    // ---- refusals change nothing ----

    [Fact]
    public void CaseWithoutLapse_IsRefused_AndNothingHappens()
    {
        var scene = Scene.Certified();

        var ex = Should.Throw<DomainException>(() => scene.RecordVeto(Scene.Report(VetoKind.CaseWithManagementLapse, managementLapse: false)));

        ex.Code.ShouldBe("not-a-veto");
        scene.Title!.IsActive.ShouldBeTrue();
        scene.Vetoes.ShouldBeEmpty();
        scene.Tasks.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ProgrammeRole.Street, "wrong-role")]
    [InlineData(ProgrammeRole.Community, "wrong-role")]
    public void WrongRole_IsRefused_AndTheApplicationGoesOn(ProgrammeRole role, string code)
    {
        var scene = Scene.Applying(ApplicationState.Recommended);

        var ex = Should.Throw<DomainException>(() => scene.RecordVeto(actor: Actors.Covering(role)));

        ex.Code.ShouldBe(code);
        scene.Application!.State.ShouldBe(ApplicationState.Recommended);
    }

    [Fact]
    public void DistrictOutsideItsSubtree_IsRefused_AndTheTitleStands()
    {
        var scene = Scene.Certified();

        var ex = Should.Throw<DomainException>(() => scene.RecordVeto(actor: Actors.District(Codes.Chaoyang)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("out-of-scope");
        scene.Title!.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void FutureEvent_IsRefused_AndTheTitleStands()
    {
        var scene = Scene.Certified();

        Should.Throw<DomainException>(() => scene.RecordVeto(Scene.Report(occurred: Times.AsOf.AddDays(2)))).Code.ShouldBe("occurred-in-future");

        scene.Title!.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void ObjectsOfAnotherCommunity_AreAProgrammingError()
    {
        var scene = Scene.Certified();

        Should.Throw<ArgumentException>(() =>
            DynamicRules.RecordVeto(Actors.District(), Scene.Report(community: Codes.Neighbour), scene.Title, null, null, scene.Tick()));
        scene.Title!.IsActive.ShouldBeTrue();
    }

    // ---- a further veto while a rectification is open ----

    [Fact]
    public void FurtherVeto_IsAddedToTheOpenTask_NotASecondTask()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        var task = scene.Task;

        var outcome = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报", occurred: Times.AsOf.AddHours(1)));

        outcome.NewTask.ShouldBeNull();
        scene.Tasks.Count.ShouldBe(1);
        task.Reason.ShouldBe($"一票否决：{first.PublicReason}；一票否决：{outcome.Veto!.PublicReason}");
        task.Version.ShouldBe(2);
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.RectificationOpened]);
        outcome.Events[1].SubjectId.ShouldBe(task.Id);
        outcome.Events[1].Summary.ShouldBe($"整改事项增加：一票否决：{outcome.Veto.PublicReason}");
        scene.Title!.RevokedByVetoId.ShouldBe(first.Id); // revoked once, by the first
        scene.LiveVetoes.Count.ShouldBe(2);
    }

    [Fact]
    public void FurtherVeto_WithALaterDeadline_ExtendsIt_AndAnEarlierOneIsIgnored()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 7, 10)));

        scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 7, 1)));
        scene.Task.Deadline.ShouldBe(new DateOnly(2022, 7, 10));

        scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 8, 1)));
        scene.Task.Deadline.ShouldBe(new DateOnly(2022, 8, 1));

        scene.RecordVeto(Scene.Report());
        scene.Task.Deadline.ShouldBe(new DateOnly(2022, 8, 1)); // no deadline given: kept
    }

    [Fact]
    public void FurtherVeto_AfterTheFixWasReported_SendsTheTaskBackToWork()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.Task.State.ShouldBe(RectificationState.Reported);

        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));

        scene.Task.State.ShouldBe(RectificationState.Open);
        scene.Task.IsOverdue(new DateOnly(2022, 12, 31)).ShouldBeTrue();
    }

    [Fact]
    public void FurtherVeto_WhileApplicationAlreadySuspended_DoesNotSuspendAgain()
    {
        var scene = Scene.Applying(ApplicationState.Submitted);
        var first = scene.RecordVeto().Veto!;
        var history = scene.Application!.History.Count;

        var outcome = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));

        scene.Application.SuspendedByVetoId.ShouldBe(first.Id);
        scene.Application.History.Count.ShouldBe(history);
        outcome.Events.ShouldNotContain(e => e.Kind == ProgrammeEventKind.ApplicationSuspended);
    }
}
