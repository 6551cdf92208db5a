using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>A rectification task (督促整改): the community reports, the district accepts or sends back; dates are Beijing dates.</summary>
public sealed class RectificationTaskTests
{
    /// <summary>What a task can be asked to do.</summary>
    public enum TaskStep
    {
        Report,
        SendBack,
        Accept,
    }

    /// <summary>A task of a community with nothing else on record, brought to <paramref name="state"/> by legal steps.</summary>
    private static Scene TaskIn(RectificationState state)
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        switch (state)
        {
            case RectificationState.Open:
                break;
            case RectificationState.Reported:
                scene.ReportFixed();
                break;
            case RectificationState.Accepted:
                scene.ReportFixed();
                scene.Accept();
                break;
            case RectificationState.Cancelled:
                scene.Annul();
                scene.Decide(ReEvaluationDecision.Restore, "核实系误录");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
        scene.Task.State.ShouldBe(state);
        return scene;
    }

    private static void Do(Scene scene, TaskStep step)
    {
        switch (step)
        {
            case TaskStep.Report: scene.ReportFixed(); break;
            case TaskStep.SendBack: scene.SendBack(); break;
            case TaskStep.Accept: scene.Accept(); break;
            default: throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    private static readonly HashSet<(RectificationState, TaskStep)> LegalSteps =
    [
        (RectificationState.Open, TaskStep.Report),
        (RectificationState.Reported, TaskStep.SendBack),
        (RectificationState.Reported, TaskStep.Accept),
    ];

    public static TheoryData<RectificationState, TaskStep> Illegal()
    {
        var data = new TheoryData<RectificationState, TaskStep>();
        foreach (var state in Enum.GetValues<RectificationState>())
            foreach (var step in Enum.GetValues<TaskStep>())
                if (!LegalSteps.Contains((state, step)))
                    data.Add(state, step);
        return data;
    }

    private sealed record Snapshot(RectificationState State, int Version, string? Report, string? Evidence, DateTime? ReportedAtUtc, int Returns,
        string? DecisionComment, DateOnly Deadline, DateTime? ClosedAtUtc, string? OpenForCommunity, string Reason);

    private static Snapshot Snap(RectificationTask t) =>
        new(t.State, t.Version, t.Report, t.Evidence, t.ReportedAtUtc, t.Returns, t.DecisionComment, t.Deadline, t.ClosedAtUtc, t.OpenForCommunity, t.Reason);

    // ---- the transition table ----

    [Fact]
    public void Illegal_CoversEveryPairNotLegal()
    {
        Illegal().Count().ShouldBe(Enum.GetValues<RectificationState>().Length * Enum.GetValues<TaskStep>().Length - LegalSteps.Count);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void IllegalStep_IsRefusedAsAConflict_NamingTheState_AndChangesNothing(RectificationState state, TaskStep step)
    {
        var scene = TaskIn(state);
        var before = Snap(scene.Task);

        var ex = Should.Throw<DomainException>(() => Do(scene, step));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("illegal-transition");
        ex.Message.ShouldStartWith($"整改任务当前状态为“{RectificationTask.Name(state)}”");
        Snap(scene.Task).ShouldBe(before);
    }

    [Fact]
    public void Accept_BeforeAReport_SaysTheCommunityMustReportFirst()
    {
        var scene = TaskIn(RectificationState.Open);

        Should.Throw<DomainException>(() => scene.Accept()).Message.ShouldBe("整改任务当前状态为“整改中”，社区报告整改情况后才能验收");
    }

    [Fact]
    public void VersionIsBumpedByEveryChange_AndOnlyByChanges()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        var task = scene.Task;
        task.Version.ShouldBe(1);

        scene.ReportFixed();
        task.Version.ShouldBe(2);
        Should.Throw<DomainException>(() => scene.ReportFixed());
        task.Version.ShouldBe(2);
        scene.SendBack();
        task.Version.ShouldBe(3);
        scene.ReportFixed();
        task.Version.ShouldBe(4);
        scene.Accept();
        task.Version.ShouldBe(5);
    }

    // ---- opening ----

    [Fact]
    public void Open_DeadlineToday_IsAccepted_AndYesterdayIsRefused_ByTheBeijingDate()
    {
        // 2022-06-19 16:30 UTC is 2022-06-20 00:30 in Beijing: "today" is the 20th.
        var at = new DateTimeOffset(2022, 6, 19, 16, 30, 0, TimeSpan.Zero);

        RectificationTask.Open(Actors.District(), Codes.Community, "整改", new DateOnly(2022, 6, 20), byVeto: true, at).Task.Deadline.ShouldBe(new DateOnly(2022, 6, 20));
        var ex = Should.Throw<DomainException>(() => RectificationTask.Open(Actors.District(), Codes.Community, "整改", new DateOnly(2022, 6, 19), byVeto: true, at));
        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("deadline-past");
        ex.Message.ShouldBe("整改期限不能早于今天");
    }

    [Theory]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.Community)]
    public void Open_ByStreetOrCommunity_IsForbidden(ProgrammeRole role)
    {
        var ex = Should.Throw<DomainException>(() =>
            RectificationTask.Open(Actors.Covering(role), Codes.Community, "整改", new DateOnly(2022, 7, 1), byVeto: true, Times.AsOf));

        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe("只有市、区社区防控组可以督促整改");
    }

    [Fact]
    public void Open_OutsideTheDistrict_IsForbidden()
    {
        Should.Throw<DomainException>(() =>
            RectificationTask.Open(Actors.District(Codes.Chaoyang), Codes.Community, "整改", new DateOnly(2022, 7, 1), byVeto: true, Times.AsOf)).Code.ShouldBe("out-of-scope");
    }

    [Fact]
    public void AddCause_ByTheCommunityItself_IsForbidden()
    {
        var scene = TaskIn(RectificationState.Open);
        var before = Snap(scene.Task);

        Should.Throw<DomainException>(() => scene.Task.AddCause(Actors.Community(), "自行添加", null, byVeto: true, scene.Tick())).Kind.ShouldBe(DomainErrorKind.Forbidden);

        Snap(scene.Task).ShouldBe(before);
    }

    [Theory]
    [InlineData(RectificationState.Accepted)]
    [InlineData(RectificationState.Cancelled)]
    public void AddCause_ToAClosedTask_IsAConflict(RectificationState state)
    {
        var scene = TaskIn(state);

        Should.Throw<DomainException>(() => scene.Task.AddCause(Actors.District(), "新事项", null, byVeto: true, scene.Tick())).Code.ShouldBe("illegal-transition");
        scene.Task.State.ShouldBe(state);
    }

    // ---- the community reports ----

    [Fact]
    public void Report_ByTheCommunity_IsKept_AndWaitsForTheDistrict()
    {
        var scene = TaskIn(RectificationState.Open);
        var community = Actors.Community();

        var e = scene.ReportFixed("  已安排 24 小时轮班值守  ", "  排班表.pdf  ", community);

        var task = scene.Task;
        task.State.ShouldBe(RectificationState.Reported);
        task.IsOpen.ShouldBeTrue();
        task.OpenForCommunity.ShouldBe(Codes.Community); // still blocks a new application
        task.Report.ShouldBe("已安排 24 小时轮班值守");
        task.Evidence.ShouldBe("排班表.pdf");
        task.ReportedAtUtc.ShouldBe(scene.Now.UtcDateTime);
        e.Kind.ShouldBe(ProgrammeEventKind.RectificationReported);
        e.SubjectId.ShouldBe(task.Id);
        (e.ActorUserId, e.ActorRole).ShouldBe((community.UserId, ProgrammeRole.Community));
        e.Summary.ShouldBe("报告整改情况：已安排 24 小时轮班值守");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Report_EvidenceIsOptional(string? evidence)
    {
        var scene = TaskIn(RectificationState.Open);

        scene.ReportFixed(evidence: evidence);

        scene.Task.State.ShouldBe(RectificationState.Reported);
        scene.Task.Evidence.ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Report_WithoutText_IsInvalid_AndNothingChanges(string? report)
    {
        var scene = TaskIn(RectificationState.Open);
        var before = Snap(scene.Task);

        var ex = Should.Throw<DomainException>(() => scene.ReportFixed(report));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("reason-required");
        ex.Errors["report"].ShouldBe(["请填写整改情况"]);
        Snap(scene.Task).ShouldBe(before);
    }

    [Fact]
    public void Report_TooLong_IsRefused_At4001Characters()
    {
        var scene = TaskIn(RectificationState.Open);

        Should.Throw<DomainException>(() => scene.ReportFixed(new string('整', 4001))).Errors["report"].ShouldBe(["“整改情况”不能超过 4000 字（当前 4,001 字）"]);
        scene.ReportFixed(new string('整', 4000));
        scene.Task.Report!.Length.ShouldBe(4000);
    }

    [Fact]
    public void Report_WithTooMuchEvidence_IsRefused_AndNothingChanges()
    {
        var scene = TaskIn(RectificationState.Open);
        var before = Snap(scene.Task);

        var ex = Should.Throw<DomainException>(() => scene.ReportFixed("已整改", new string('证', 2001)));

        ex.Errors["evidence"].ShouldBe(["“佐证材料”不能超过 2000 字（当前 2,001 字）"]);
        Snap(scene.Task).ShouldBe(before);
    }

    [Theory]
    [InlineData(ProgrammeRole.Street, "wrong-role")]
    [InlineData(ProgrammeRole.District, "wrong-role")]
    [InlineData(ProgrammeRole.City, "wrong-role")]
    public void Report_ByAnyoneButTheCommunity_IsForbidden(ProgrammeRole role, string code)
    {
        var scene = TaskIn(RectificationState.Open);

        var ex = Should.Throw<DomainException>(() => scene.ReportFixed(actor: Actors.Covering(role)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe(code);
        ex.Message.ShouldBe("只有整改的社区（村）本身可以报告整改情况");
        scene.Task.State.ShouldBe(RectificationState.Open);
    }

    [Fact]
    public void Report_ByAnotherCommunity_IsForbidden()
    {
        var scene = TaskIn(RectificationState.Open);

        var ex = Should.Throw<DomainException>(() => scene.ReportFixed(actor: Actors.Community(Codes.Neighbour)));

        ex.Code.ShouldBe("out-of-scope");
        ex.Message.ShouldBe("只能报告本社区（村）的整改情况");
    }

    [Fact]
    public void Report_AfterTheDeadline_IsStillAccepted_AndEndsTheOverdue()
    {
        var scene = TaskIn(RectificationState.Open);
        var late = scene.Task.Deadline.AddDays(5);
        scene.Task.IsOverdue(late).ShouldBeTrue();

        scene.ReportFixed();

        scene.Task.IsOverdue(late).ShouldBeFalse();
    }

    // ---- the district sends it back ----

    [Fact]
    public void SendBack_WithReason_ReopensTheTask_AndCountsTheReturn()
    {
        var scene = TaskIn(RectificationState.Reported);
        var task = scene.Task;
        var deadline = task.Deadline;

        var e = scene.SendBack("  夜间值守排班仍不完整  ");

        task.State.ShouldBe(RectificationState.Open);
        task.Returns.ShouldBe(1);
        task.DecisionComment.ShouldBe("夜间值守排班仍不完整");
        task.Deadline.ShouldBe(deadline);
        task.OpenForCommunity.ShouldBe(Codes.Community);
        task.ClosedAtUtc.ShouldBeNull();
        e.Kind.ShouldBe(ProgrammeEventKind.RectificationReturned);
        e.Summary.ShouldBe($"整改退回（第 1 次），期限至 {deadline:yyyy-MM-dd}：夜间值守排班仍不完整");

        scene.ReportFixed("再次整改");
        scene.SendBack("仍不到位", new DateOnly(2022, 8, 31)).Summary.ShouldBe("整改退回（第 2 次），期限至 2022-08-31：仍不到位");
        task.Returns.ShouldBe(2);
        task.Deadline.ShouldBe(new DateOnly(2022, 8, 31));
    }

    [Fact]
    public void SendBack_MayShortenTheDeadline_ButNotIntoThePast()
    {
        var scene = TaskIn(RectificationState.Reported);
        var today = ProgrammeClock.DateOf(scene.Now.AddHours(1));

        scene.SendBack(deadline: today);

        scene.Task.Deadline.ShouldBe(today);
    }

    [Fact]
    public void SendBack_WithAPastDeadline_IsRefused_AndNothingChanges()
    {
        var scene = TaskIn(RectificationState.Reported);
        var before = Snap(scene.Task);

        var ex = Should.Throw<DomainException>(() => scene.SendBack("仍不到位", new DateOnly(2022, 6, 1)));

        ex.Code.ShouldBe("deadline-past");
        Snap(scene.Task).ShouldBe(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void SendBack_WithoutReason_IsInvalid_AndNothingChanges(string? reason)
    {
        var scene = TaskIn(RectificationState.Reported);
        var before = Snap(scene.Task);

        var ex = Should.Throw<DomainException>(() => scene.SendBack(reason));

        ex.Code.ShouldBe("reason-required");
        ex.Errors["reason"].ShouldBe(["请填写退回理由"]);
        Snap(scene.Task).ShouldBe(before);
    }

    [Theory]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.Community)]
    public void SendBack_ByStreetOrCommunity_IsForbidden(ProgrammeRole role)
    {
        var scene = TaskIn(RectificationState.Reported);

        Should.Throw<DomainException>(() => scene.SendBack(actor: Actors.Covering(role))).Message.ShouldBe("只有市、区社区防控组可以退回整改");
        scene.Task.State.ShouldBe(RectificationState.Reported);
    }

    [Fact]
    public void SendBack_ByAnotherDistrict_IsForbidden()
    {
        var scene = TaskIn(RectificationState.Reported);

        Should.Throw<DomainException>(() => scene.SendBack(actor: Actors.District(Codes.Chaoyang))).Code.ShouldBe("out-of-scope");
    }

    // ---- the district (or the city) accepts ----

    [Theory]
    [InlineData(ProgrammeRole.District)]
    [InlineData(ProgrammeRole.City)]
    public void Accept_ClosesTheTask(ProgrammeRole role)
    {
        var scene = TaskIn(RectificationState.Reported);
        var actor = Actors.Covering(role);

        var outcome = scene.Accept("  现场复核整改到位  ", actor);

        var task = scene.Task;
        task.State.ShouldBe(RectificationState.Accepted);
        task.IsOpen.ShouldBeFalse();
        task.OpenForCommunity.ShouldBeNull();
        task.ClosedAtUtc.ShouldBe(scene.Now.UtcDateTime);
        task.DecisionComment.ShouldBe("现场复核整改到位");
        outcome.Events.Count.ShouldBe(1);
        outcome.Events[0].Kind.ShouldBe(ProgrammeEventKind.RectificationAccepted);
        outcome.Events[0].Summary.ShouldBe("整改验收通过：现场复核整改到位");
        outcome.Events[0].ActorRole.ShouldBe(role);
        outcome.NewTask.ShouldBeNull();
    }

    [Fact]
    public void Accept_WithoutComment_IsFine()
    {
        var scene = TaskIn(RectificationState.Reported);

        var outcome = scene.Accept(null);

        scene.Task.DecisionComment.ShouldBeNull();
        outcome.Events[0].Summary.ShouldBe("整改验收通过");
    }

    [Theory]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.Community)]
    public void Accept_ByStreetOrCommunity_IsForbidden_AndNoVetoIsCleared(ProgrammeRole role)
    {
        var scene = TaskIn(RectificationState.Reported);

        var ex = Should.Throw<DomainException>(() => scene.Accept(actor: Actors.Covering(role)));

        ex.Message.ShouldBe("只有市、区社区防控组可以验收整改");
        scene.Task.State.ShouldBe(RectificationState.Reported);
        scene.Veto.IsLive.ShouldBeTrue();
    }

    [Fact]
    public void Accept_ByAnotherDistrict_IsForbidden_AndNoVetoIsCleared()
    {
        var scene = TaskIn(RectificationState.Reported);

        Should.Throw<DomainException>(() => scene.Accept(actor: Actors.District(Codes.Chaoyang))).Code.ShouldBe("out-of-scope");
        scene.Veto.IsLive.ShouldBeTrue();
    }

    [Fact]
    public void Accept_ClearsEveryLiveVetoOfTheCommunityBehindIt()
    {
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        var second = scene.RecordVeto(Scene.Report(VetoKind.CaseWithManagementLapse, managementLapse: true, source: "区疾控中心")).Veto!;
        scene.ReportFixed();

        scene.Accept();

        foreach (var veto in new[] { first, second })
        {
            veto.IsLive.ShouldBeFalse();
            veto.ClearedAtUtc.ShouldBe(scene.Now.UtcDateTime);
            veto.ClearedByTaskId.ShouldBe(scene.Task.Id);
            veto.AnnulledAtUtc.ShouldBeNull();
            veto.ToFact().ClearedAt.ShouldBe(scene.Now);
        }
        scene.Title!.IsActive.ShouldBeFalse(); // the title is not given back: the community applies again
    }

    [Fact]
    public void Accept_LeavesAnnulledVetoesAndOtherCommunitiesAndLaterRecordsAlone()
    {
        var scene = Scene.Nothing();
        var annulled = scene.RecordVeto().Veto!;
        var standing = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报")).Veto!;
        scene.Annul(annulled);
        scene.ReportFixed();
        var neighbours = Veto.Record(Actors.District(), Codes.Neighbour, VetoKind.MediaExposure, Times.AsOf, "北京晚报", "卡口无人", null, false, scene.Now);
        var acceptAt = scene.Now.AddHours(1);
        var recordedLater = Veto.Record(Actors.District(), Codes.Community, VetoKind.InspectionNotice, Times.AsOf, "市商务局", "卡口无人", null, false,
            acceptAt.AddMinutes(1));

        DynamicRules.AcceptRectification(Actors.District(), scene.Task, null, [annulled, standing, neighbours, recordedLater], acceptAt);

        standing.ClearedAtUtc.ShouldBe(acceptAt.UtcDateTime);
        annulled.ClearedAtUtc.ShouldBeNull();
        annulled.AnnulledAtUtc.ShouldNotBeNull();
        neighbours.IsLive.ShouldBeTrue();
        recordedLater.IsLive.ShouldBeTrue();
    }

    [Fact]
    public void Accept_ACommentTooLong_IsRefused_AndNothingChanges()
    {
        var scene = TaskIn(RectificationState.Reported);
        var before = Snap(scene.Task);

        Should.Throw<DomainException>(() => scene.Accept(new string('验', 2001))).Errors["comment"].ShouldBe(["“验收意见”不能超过 2000 字（当前 2,001 字）"]);

        Snap(scene.Task).ShouldBe(before);
        scene.Veto.IsLive.ShouldBeTrue();
    }

    [Fact]
    public void Accept_AVetoClearedByAnEarlierTask_KeepsThatTaskAsItsClearing()
    {
        var scene = Scene.Nothing();
        var first = scene.RecordVeto().Veto!;
        scene.ReportFixed();
        scene.Accept();
        var firstTask = scene.Task;
        var clearedAt = first.ClearedAtUtc;
        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));
        var secondTask = scene.OpenTask!;
        secondTask.ReportFixed(Actors.Community(), "再次整改", null, scene.Tick());

        DynamicRules.AcceptRectification(Actors.District(), secondTask, null, scene.Vetoes, scene.Tick());

        first.ClearedByTaskId.ShouldBe(firstTask.Id);
        first.ClearedAtUtc.ShouldBe(clearedAt);
        scene.Vetoes[1].ClearedByTaskId.ShouldBe(secondTask.Id);
    }

    [Fact]
    public void Accept_TheClearedVeto_NoLongerVetoesAnEvaluationAfterIt_ButStillDidBefore()
    {
        var scene = TaskIn(RectificationState.Reported);
        scene.Accept();
        var fact = scene.Veto.ToFact();

        (Evaluations.Perfect() with { AsOf = scene.Now.AddMinutes(1) }).With(fact).Evaluate().Passes.ShouldBeTrue();
        (Evaluations.Perfect() with { AsOf = scene.Now.AddMinutes(-1) }).With(fact).Evaluate().FailureReasons.ShouldBe([FailureReason.Vetoed]);
    }

    [Fact]
    public void Accept_ARefusedAcceptance_ClearsNothing()
    {
        var scene = TaskIn(RectificationState.Open);

        Should.Throw<DomainException>(() => scene.Accept());

        scene.Veto.IsLive.ShouldBeTrue();
        scene.Veto.ClearedAtUtc.ShouldBeNull();
    }

    // ---- overdue, by Beijing date ----

    [Theory]
    [InlineData("2022-07-19", false)]
    [InlineData("2022-07-20", false)] // the deadline day itself is still in time
    [InlineData("2022-07-21", true)]
    [InlineData("2023-01-01", true)]
    public void IsOverdue_OnlyAfterTheDeadlineDay(string today, bool overdue)
    {
        var scene = TaskIn(RectificationState.Open);
        scene.Task.Deadline.ShouldBe(new DateOnly(2022, 7, 20));

        scene.Task.IsOverdue(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(overdue);
    }

    [Fact]
    public void IsOverdue_TurnsAtBeijingMidnight_NotAtUtcMidnight()
    {
        var scene = TaskIn(RectificationState.Open); // deadline 2022-07-20

        // 2022-07-20 15:59:59 UTC is 23:59:59 on the 20th in Beijing; 16:00 UTC is already the 21st.
        scene.Task.IsOverdue(ProgrammeClock.DateOf(new DateTimeOffset(2022, 7, 20, 15, 59, 59, TimeSpan.Zero))).ShouldBeFalse();
        scene.Task.IsOverdue(ProgrammeClock.DateOf(new DateTimeOffset(2022, 7, 20, 16, 0, 0, TimeSpan.Zero))).ShouldBeTrue();
    }

    [Theory]
    [InlineData(RectificationState.Reported)]
    [InlineData(RectificationState.Accepted)]
    [InlineData(RectificationState.Cancelled)]
    public void IsOverdue_NeverOnceReportedOrClosed(RectificationState state)
    {
        TaskIn(state).Task.IsOverdue(new DateOnly(2030, 1, 1)).ShouldBeFalse();
    }

    [Fact]
    public void IsOverdue_AgainWhenSentBackPastTheDeadline_UnlessANewDeadlineIsGiven()
    {
        var scene = TaskIn(RectificationState.Reported);
        var pastDeadline = scene.Task.Deadline.AddDays(1);

        scene.SendBack();
        scene.Task.IsOverdue(pastDeadline).ShouldBeTrue();

        scene.ReportFixed();
        scene.SendBack(deadline: new DateOnly(2022, 9, 1));
        scene.Task.IsOverdue(pastDeadline).ShouldBeFalse();
    }

    [Fact]
    public void Names_AreChinese_ForEveryState()
    {
        foreach (var s in Enum.GetValues<RectificationState>()) RectificationTask.Name(s).ShouldNotBe(s.ToString());
    }
}
