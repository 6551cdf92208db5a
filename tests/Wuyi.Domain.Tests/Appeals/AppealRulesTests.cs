using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Domain.Tests.Dynamic;

namespace Wuyi.Domain.Tests.Appeals;

/// <summary>
/// 申诉复核 (docs/decisions/0018): the period in the scale's data, one open appeal per decision, who may decide (the right level, nobody
/// who took part), and what an upheld appeal does through dynamic management's own paths, said before it is done.
/// </summary>
public sealed class AppealRulesTests
{
    private static readonly Actor SecondCity = new("city-second", "市防控组另一成员", ProgrammeRole.City, Codes.Beijing);
    private static readonly Actor SecondDistrict = new("district-second", "区防控组另一成员", ProgrammeRole.District, Codes.Haidian);

    private static AppealedDecision VetoDecision(Veto veto) =>
        new(AppealSubject.Veto, veto.Id.ToString(), veto.CommunityCode, ProgrammeClock.FromUtc(veto.RecordedAtUtc), [veto.RecordedByUserId],
            veto.PublicReason, veto.IsLive);

    private static Appeal Filed(AppealedDecision decision, DateTimeOffset? at = null) =>
        AppealRules.File(Actors.Community(), decision, AppealRule.Default, "通报所指卡口不属于本社区", false, at ?? decision.DecidedAt.AddHours(1)).Appeal;

    /// <summary>A certified community whose title the city's official revoked by a veto.</summary>
    private static (Scene Scene, Veto Veto, Appeal Appeal) Revoked()
    {
        var scene = Scene.Certified();
        scene.RecordVeto(actor: Actors.City());
        var appeal = Filed(VetoDecision(scene.Veto));
        return (scene, scene.Veto, appeal);
    }

    private static VetoAppealScene SceneOf(Scene s, Veto veto) =>
        new(veto, s.Title is { IsActive: false } t && t.RevokedByVetoId == veto.Id ? t : null, null,
            s.LiveVetoes.Any(v => v.Id != veto.Id) ? null : s.OpenTask, s.ReEvaluations.SingleOrDefault(r => r.IsOpen), s.LiveVetoes);

    [Fact]
    public void AnAppeal_IsAcceptedUntilTheLastDayOfThePeriod_AndRefusedTheDayAfter()
    {
        var decidedAt = Times.Beijing(2022, 6, 16, 15);
        var decision = new AppealedDecision(AppealSubject.Veto, Guid.NewGuid().ToString(), Codes.Community, decidedAt, ["district-110108"], "通报", true);

        var (appeal, filed) = AppealRules.File(Actors.Community(), decision, AppealRule.Default, "理由", false, Times.Beijing(2022, 6, 23, 23, 59));
        appeal.LastDay.ShouldBe(new DateOnly(2022, 6, 23));
        appeal.State.ShouldBe(AppealState.Open);
        filed.Kind.ShouldBe(ProgrammeEventKind.AppealFiled);

        var late = Should.Throw<DomainException>(() =>
            AppealRules.File(Actors.Community(), decision, AppealRule.Default, "理由", false, Times.Beijing(2022, 6, 24)));
        late.Code.ShouldBe("appeal-period-over");
        late.Message.ShouldBe("已超过申诉期限：该决定于2022年6月16日作出，应在 7 天内（2022年6月23日前）提出申诉");
    }

    [Fact]
    public void Evidence_IsTheAppealingCommunitysOwn_WhileOpen_UpToTen_AndMovesTheVersion()
    {
        var (scene, _, appeal) = Revoked();
        var version = appeal.Version;

        AppealRules.AddEvidence(Actors.Community(), appeal, filesSoFar: 2, adding: 8);
        appeal.Version.ShouldBe(version + 1); // a decider who saw the appeal before must look again

        Should.Throw<DomainException>(() => AppealRules.AddEvidence(Actors.Community(), appeal, 10, 1)).Message
            .ShouldBe("每份申诉最多 10 个材料文件，已无法再补充");
        var limit = Should.Throw<DomainException>(() => AppealRules.AddEvidence(Actors.Community(), appeal, 7, 4));
        (limit.Code, limit.Message).ShouldBe(("appeal-evidence-limit", "每份申诉最多 10 个材料文件，还可补充 3 个"));
        Should.Throw<DomainException>(() => AppealRules.AddEvidence(Actors.Community("110108001002"), appeal, 0, 1)).Code.ShouldBe("out-of-scope");
        Should.Throw<DomainException>(() => AppealRules.AddEvidence(SecondCity, appeal, 0, 1)).Code.ShouldBe("wrong-role");
        appeal.Version.ShouldBe(version + 1, "a refusal changes nothing");

        AppealRules.Decide(SecondCity, appeal, VetoDecision(scene.Veto), AppealDecision.Dismiss, "通报属实", SceneOf(scene, scene.Veto), scene.Now);
        Should.Throw<DomainException>(() => AppealRules.MayAddEvidence(Actors.Community(), appeal, 0, 1)).Message.ShouldBe("该申诉已复核（申诉驳回），不能再补充材料");
        Should.Throw<DomainException>(() => AppealRules.CheckEvidenceCount(0, 11)).Code.ShouldBe("appeal-evidence-limit");
        AppealRules.CheckEvidenceCount(0, 10);
        AppealRules.CheckEvidenceCount(10, 0);
    }

    [Fact]
    public void ThePeriod_IsTheScalesData_SevenDaysWhenTheFileSaysNothing()
    {
        Scales.Beijing().Appeals.Days.ShouldBe(7);
        Scales.Variant(root => root.Remove("appeals")).Appeals.ShouldBe(AppealRule.Default);
        var three = Scales.Variant(root => root["appeals"] = new System.Text.Json.Nodes.JsonObject { ["days"] = 3 });
        three.Appeals.Days.ShouldBe(3);
        Should.Throw<ScaleDefinitionException>(() => Scales.Variant(root => root["appeals"] = new System.Text.Json.Nodes.JsonObject { ["days"] = 0 }))
            .Faults.ShouldContain("申诉期限（appeals.days）应为 1 到 366 天");

        var decision = new AppealedDecision(AppealSubject.Veto, "v", Codes.Community, Times.Beijing(2022, 6, 16, 15), [], "通报", true);
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Community(), decision, three.Appeals, "理由", false, Times.Beijing(2022, 6, 20)))
            .Code.ShouldBe("appeal-period-over");
    }

    [Fact]
    public void OneOpenAppealPerDecision_OnlyTheCommunityItself_OnlyWhatCounts_AndReasonsAreRequiredAndBounded()
    {
        var decision = new AppealedDecision(AppealSubject.Complaint, "C1", Codes.Community, Times.AsOf, ["district-110108"], "12345诉求 C1", true);
        var at = Times.AsOf.AddHours(1);
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Community(), decision, AppealRule.Default, "理由", true, at)).Code.ShouldBe("appeal-open");
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Street(), decision, AppealRule.Default, "理由", false, at)).Code.ShouldBe("wrong-role");
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Community(Codes.Neighbour), decision, AppealRule.Default, "理由", false, at))
            .Code.ShouldBe("out-of-scope");
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Community(), decision with { Counts = false }, AppealRule.Default, "理由", false, at))
            .Message.ShouldBe("该12345诉求未计入扣分，无需申诉");
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Community(), decision, AppealRule.Default, " ", false, at)).Code.ShouldBe("reason-required");
        Should.Throw<DomainException>(() => AppealRules.File(Actors.Community(), decision, AppealRule.Default, new string('理', 2001), false, at))
            .Code.ShouldBe("text-too-long");
    }

    [Fact]
    public void AVetoAppeal_IsDecidedByTheCity_NeverByItsRecorder_AndTheRefusalsSayWhoMay()
    {
        var (scene, veto, appeal) = Revoked();
        var decision = VetoDecision(veto);
        var at = scene.Next;

        var district = Should.Throw<DomainException>(() =>
            AppealRules.Decide(Actors.District(), appeal, decision, AppealDecision.Uphold, "理由成立", SceneOf(scene, veto), at));
        district.Code.ShouldBe("appeal-wrong-level");
        district.Message.ShouldBe("一票否决的申诉由市社区防控组中未参与记录该否决事项的人员复核");
        var recorder = Should.Throw<DomainException>(() =>
            AppealRules.Decide(Actors.City(), appeal, decision, AppealDecision.Uphold, "理由成立", SceneOf(scene, veto), at));
        recorder.Code.ShouldBe("appeal-party");
        recorder.Kind.ShouldBe(DomainErrorKind.Forbidden);
        recorder.Message.ShouldContain("您参与了被申诉的决定");
        Should.Throw<DomainException>(() =>
                AppealRules.Decide(Actors.Community(), appeal, decision, AppealDecision.Uphold, "理由成立", SceneOf(scene, veto), at))
            .Code.ShouldBe("wrong-role");
        Should.Throw<DomainException>(() =>
                AppealRules.Decide(SecondCity with { DivisionCode = Codes.Tianjin }, appeal, decision, AppealDecision.Uphold, "理由成立", SceneOf(scene, veto), at))
            .Code.ShouldBe("out-of-scope");
        Should.Throw<DomainException>(() => AppealRules.Decide(SecondCity, appeal, decision, AppealDecision.Uphold, "", SceneOf(scene, veto), at))
            .Code.ShouldBe("reason-required");

        // Refused: nothing changed.
        appeal.State.ShouldBe(AppealState.Open);
        veto.IsLive.ShouldBeTrue();
        scene.Title!.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void AComplaintAppeal_IsDecidedByTheDistrictOrTheCity_NotByWhoeverImportedIt()
    {
        var decision = new AppealedDecision(AppealSubject.Complaint, "C1", Codes.Community, Times.AsOf, ["district-110108"], "12345诉求 C1", true);
        var appeal = Filed(decision);
        var complaint = Evaluations.Complaint("C1", late: true, dissatisfied: true);
        var scene = new ComplaintAppealScene("C1", HotlineDeductionRule.Default, [complaint, Evaluations.Complaint("C2", late: true)]);
        var at = Times.AsOf.AddHours(2);

        Should.Throw<DomainException>(() => AppealRules.Decide(Actors.District(), appeal, decision, AppealDecision.Uphold, "不涉疫", scene, at))
            .Message.ShouldBe("您参与了被申诉的决定，不能复核本申诉；应由市社区防控组或该社区（村）所在区的社区防控组中未参与导入该诉求的人员复核");
        Should.Throw<DomainException>(() => AppealRules.Decide(Actors.District(Codes.Chaoyang), appeal, decision, AppealDecision.Uphold, "不涉疫", scene, at))
            .Code.ShouldBe("out-of-scope");

        var will = AppealRules.Preview(Actors.City(), appeal, decision, AppealDecision.Uphold, "经核实该诉求不涉疫", scene, at);
        will.DeductionBefore.ShouldBe(3m);
        will.DeductionAfter.ShouldBe(1m);
        will.Describe("翠微路社区").Before.ShouldBe(
            "将认定 翠微路社区 对“12345诉求 C1”的申诉成立：该诉求不再计入12345扣分（扣分由 3 分变为 1 分），认定按现行规则重新核查；发出申诉复核决定书");
        appeal.State.ShouldBe(AppealState.Open); // a preview changes nothing

        var outcome = AppealRules.Decide(Actors.City(), appeal, decision, AppealDecision.Uphold, "经核实该诉求不涉疫", scene, at);
        outcome.WaivedComplaint.ShouldBe("C1");
        outcome.Consequences.ShouldBe(will);
        appeal.State.ShouldBe(AppealState.Upheld);
        appeal.DecidedByRole.ShouldBe(ProgrammeRole.City);
        outcome.Events.ShouldHaveSingleItem().PublicSummary.ShouldBeNull(); // a complaint's appeal is not public
    }

    [Fact]
    public void AScoreAppeal_TheScorerMayNotDecide_UpheldItGoesBackToTheDistrictsEvaluation()
    {
        var application = Round.InState(ApplicationState.Rejected).Application;
        var scorers = application.History.Where(t => t.ActorRole == ProgrammeRole.District).Select(t => t.ActorUserId).Distinct().ToList();
        var decision = new AppealedDecision(AppealSubject.Score, application.Id.ToString(), application.CommunityCode, Times.AsOf, scorers, "申报 区级评定不通过",
            true);
        var appeal = Filed(decision);
        var at = Times.AsOf.AddHours(2);

        Should.Throw<DomainException>(() => AppealRules.Decide(Actors.District(), appeal, decision, AppealDecision.Uphold, "同意", new ScoreAppealScene(application, false), at))
            .Code.ShouldBe("appeal-party");
        Should.Throw<DomainException>(() => AppealRules.Decide(SecondDistrict, appeal, decision, AppealDecision.Uphold, "同意", new ScoreAppealScene(application, true), at))
            .Code.ShouldBe("open-application-exists");
        application.State.ShouldBe(ApplicationState.Rejected);

        AppealRules.Decide(SecondDistrict, appeal, decision, AppealDecision.Uphold, "值守记录齐全，重新评定", new ScoreAppealScene(application, false), at)
            .Consequences.ReopensApplication.ShouldBeTrue();
        application.State.ShouldBe(ApplicationState.Recommended);
        application.OpenForCommunity.ShouldBe(application.CommunityCode);
        application.History[^1].Action.ShouldBe(ApplicationAction.ReopenOnAppeal);
    }

    [Fact]
    public void AnUpheldVetoAppeal_AnnulsTheVetoAndRestoresTheTitle_AsTheCitysAnnulmentAndRestorationWould()
    {
        var (scene, veto, appeal) = Revoked();
        var decision = VetoDecision(veto);
        var will = AppealRules.Preview(SecondCity, appeal, decision, AppealDecision.Uphold, "通报所指卡口属相邻社区", SceneOf(scene, veto), scene.Next);
        will.ReturnsToPublicList.ShouldBeTrue();
        var words = will.Describe("翠微路社区");
        words.Before.ShouldBe("将认定 翠微路社区 对“" + veto.PublicReason + "”的申诉成立：该一票否决事项予以撤销，不再计入评定，恢复无疫社区（村）认定，"
                              + "重新列入公布名单，因该事项下达的整改任务予以撤销；发出申诉复核决定书");
        scene.Title!.IsActive.ShouldBeFalse(); // a preview changes nothing

        var outcome = AppealRules.Decide(SecondCity, appeal, decision, AppealDecision.Uphold, "通报所指卡口属相邻社区", SceneOf(scene, veto), scene.Tick());
        outcome.Consequences.Describe("翠微路社区").ShouldBe(words); // the step does what its confirmation said
        veto.AnnulledAtUtc.ShouldNotBeNull();
        veto.AnnulmentReason.ShouldBe("申诉复核成立：通报所指卡口属相邻社区");
        scene.Title.IsActive.ShouldBeTrue();
        scene.Task.IsOpen.ShouldBeFalse();
        outcome.Annulment!.NewReEvaluation!.State.ShouldBe(ReEvaluationState.Restored);
        outcome.Events.Select(e => e.Kind).ShouldBe([ProgrammeEventKind.AppealDecided, ProgrammeEventKind.VetoAnnulled, ProgrammeEventKind.ReEvaluationOpened,
            ProgrammeEventKind.ReEvaluationDecided, ProgrammeEventKind.TitleRestored, ProgrammeEventKind.RectificationCancelled]);
        outcome.Events[0].PublicSummary.ShouldBe($"申诉复核成立：一票否决事项“{veto.PublicReason}”已撤销");
        var notice = outcome.Notice.ShouldBeOfType<AppealDecisionDraft>();
        notice.Upheld.ShouldBeTrue();
        notice.Follows.ShouldContain("恢复无疫社区（村）认定，重新列入公布名单");
    }

    [Fact]
    public void AnUpheldVetoAppeal_WhileAnotherVetoStands_AnnulsButRestoresNothing_AndSaysWhy()
    {
        var (scene, veto, appeal) = Revoked();
        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));
        var decision = VetoDecision(veto);

        var outcome = AppealRules.Decide(SecondCity, appeal, decision, AppealDecision.Uphold, "通报有误", SceneOf(scene, veto), scene.Tick());
        outcome.Restoration.ShouldBeNull();
        scene.Title!.IsActive.ShouldBeFalse();
        outcome.Consequences.Describe("翠微路社区").After.ShouldContain("因仍有其他一票否决事项，列入重新评定，由区或市社区防控组决定是否恢复；在作出恢复决定前，翠微路社区 仍不在公开名单上");
    }

    [Fact]
    public void ADismissedAppeal_ChangesNothingButTheAppeal_AndIsAnnouncedInWriting()
    {
        var (scene, veto, appeal) = Revoked();
        var outcome = AppealRules.Decide(SecondCity, appeal, VetoDecision(veto), AppealDecision.Dismiss, "通报属实", SceneOf(scene, veto), scene.Tick());

        appeal.State.ShouldBe(AppealState.Dismissed);
        appeal.DecisionReasons.ShouldBe("通报属实");
        veto.IsLive.ShouldBeTrue();
        scene.Title!.IsActive.ShouldBeFalse();
        outcome.Annulment.ShouldBeNull();
        outcome.Events.ShouldHaveSingleItem().PublicSummary.ShouldBe($"申诉复核驳回：维持一票否决事项“{veto.PublicReason}”");
        outcome.Consequences.Describe("翠微路社区").After.ShouldBe($"已驳回申诉：翠微路社区 对“{veto.PublicReason}”的申诉不成立，原决定维持不变；已发出申诉复核决定书");
        Should.Throw<DomainException>(() => AppealRules.Decide(SecondCity, appeal, VetoDecision(veto), AppealDecision.Uphold, "再议", SceneOf(scene, veto), scene.Tick()))
            .Code.ShouldBe("illegal-transition");
    }

    [Fact]
    public void TheDecisionNotice_SaysWhatWasAppealedTheAnswerAndWhatFollows()
    {
        var draft = new AppealDecisionDraft(Codes.Community, Guid.NewGuid(), "一票否决", "2022年6月15日市级部门检查通报（市卫健委检查通报）", new DateOnly(2022, 6, 17), true,
            "通报所指卡口属相邻社区。", ["该一票否决事项予以撤销，不再计入评定", "恢复无疫社区（村）认定，重新列入公布名单"]);
        var parties = new NoticeParties("海淀区万寿路街道翠微路社区居委会", "社区", "北京市新冠肺炎疫情防控工作领导小组社区防控组", "北京市无疫社区（村）创建活动");
        var text = NoticeWriter.Compose(draft, "京无疫复〔2022〕0108-0001", parties, new DateOnly(2022, 6, 20), new Dictionary<NoticeKind, string>());

        text.Title.ShouldBe("申诉复核决定书");
        text.Paragraphs[0].ShouldBe("你社区于2022年6月17日对“2022年6月15日市级部门检查通报（市卫健委检查通报）”（一票否决）提出的申诉已收悉。经复核，申诉成立，决定如下：");
        text.Paragraphs[1].ShouldBe("复核意见：通报所指卡口属相邻社区。");
        text.Items.ShouldBe(["该一票否决事项予以撤销，不再计入评定", "恢复无疫社区（村）认定，重新列入公布名单"]);
        NoticeNumber.Series(NoticeKind.AppealDecision).ShouldBe("无疫复");
    }
}
