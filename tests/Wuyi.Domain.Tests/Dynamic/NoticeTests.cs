using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>
/// 通知书 (decision 0013): which step announces what, the number series, and the words each notice says — the facts it cites,
/// the decision, what follows. Dates are Beijing dates; the scene's clock starts on 2022-06-20.
/// </summary>
public sealed class NoticeTests
{
    private static readonly NoticeParties Haidian = new("海淀区万寿路街道翠微路社区居委会", "社区", "海淀区新冠肺炎疫情防控工作领导小组社区防控组",
        "北京市无疫社区（村）创建活动");

    private static readonly DateOnly June20 = new(2022, 6, 20);

    /// <summary>The numbers a step's notices would get if they were the first of their kind in Haidian this year.</summary>
    private static Dictionary<NoticeKind, string> FirstNumbers(IEnumerable<NoticeDraft> drafts) =>
        drafts.ToDictionary(d => d.Kind, d => NoticeNumber.Next(NoticeNumber.Prefix(d.Kind, Codes.Haidian, 2022), null));

    private static NoticeText Compose(NoticeDraft draft, IReadOnlyList<NoticeDraft> siblings, NoticeParties? parties = null) =>
        NoticeWriter.Compose(draft, FirstNumbers(siblings)[draft.Kind], parties ?? Haidian, June20, FirstNumbers(siblings));

    private static string All(NoticeText t) => string.Join("\n", t.Paragraphs.Concat(t.Items));

    // ---- which step announces what ----

    [Fact]
    public void AVeto_OnACertifiedCommunity_AnnouncesTheRevocation_AndTheRectification_AndTheFirstCitesTheSecond()
    {
        var scene = Scene.Certified();
        var outcome = scene.RecordVeto(Scene.Report(description: "卡口夜间无人值守，未查验健康码。"));

        outcome.NoticeDrafts.Select(d => d.Kind).ShouldBe([NoticeKind.Revocation, NoticeKind.Rectification]);
        var revocation = outcome.NoticeDrafts.OfType<RevocationDraft>().Single();
        revocation.SubjectId.ShouldBe(scene.Title!.Id);
        revocation.CertificateNumber.ShouldBe(scene.Title.Number);
        revocation.Veto!.KindName.ShouldBe(VetoKindNames.Of(VetoKind.InspectionNotice));
        revocation.ReEvaluation.ShouldBeNull();
        var rectification = outcome.NoticeDrafts.OfType<RectificationDraft>().Single();
        rectification.SubjectId.ShouldBe(scene.Task.Id);
        rectification.Deadline.ShouldBe(scene.Task.Deadline);
        rectification.Earlier.ShouldBeNull();

        var text = Compose(revocation, outcome.NoticeDrafts);
        text.Title.ShouldBe("取消认定通知书");
        text.Number.ShouldBe("京无疫撤〔2022〕0108-0001");
        text.Addressee.ShouldBe("海淀区万寿路街道翠微路社区居委会");
        text.Issuer.ShouldBe("海淀区新冠肺炎疫情防控工作领导小组社区防控组");
        text.Date.ShouldBe(June20);
        text.Items.ShouldBeEmpty();
        var all = All(text);
        all.ShouldContain($"你社区于{FormalDate.Of(scene.Title.CertifiedOn)}经北京市无疫社区（村）创建活动认定为无疫社区（第 1 批，证书编号：{scene.Title.Number}）");
        all.ShouldContain("2022年6月19日，你社区发生“" + VetoKindNames.Of(VetoKind.InspectionNotice) + "”情形（市卫健委检查通报，京卫通〔2022〕12号）：卡口夜间无人值守，未查验健康码。");
        all.ShouldNotContain("。。");
        all.ShouldContain("决定自2022年6月20日起取消你社区的无疫社区认定");
        all.ShouldContain("整改通知书（京无疫改〔2022〕0108-0001）");
        all.ShouldContain($"于{FormalDate.Of(scene.Task.Deadline)}前完成整改");
        all.ShouldContain("整改验收合格后，你社区可重新自评申报");
    }

    [Fact]
    public void AVeto_WithNoTitle_AnnouncesOnlyTheRectification_WhatToFix_ByWhen_AndHowToReport()
    {
        var scene = Scene.Applying(ApplicationState.Recommended);
        var outcome = scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 7, 10)));

        var draft = outcome.NoticeDrafts.ShouldHaveSingleItem().ShouldBeOfType<RectificationDraft>();
        var text = Compose(draft, outcome.NoticeDrafts);
        text.Title.ShouldBe("整改通知书");
        text.Number.ShouldBe("京无疫改〔2022〕0108-0001");
        text.Items.ShouldBe(["2022年6月19日" + VetoKindNames.Of(VetoKind.InspectionNotice) + "（市卫健委检查通报）：卡口夜间无人值守，未查验健康码"]);
        text.Paragraphs[0].ShouldContain("存在以下问题，须立即整改");
        All(text).ShouldContain("整改期限：2022年7月10日前。");
        All(text).ShouldContain("在“整改任务”中如实报告整改情况");
        All(text).ShouldContain("整改验收合格前，你社区不得重新申报");
    }

    [Fact]
    public void AFurtherVeto_JoiningTheOpenTask_AnnouncesTheAddedMatter_WithTheEarlierOnes_AndTheDeadlineInForce()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto(Scene.Report(deadline: new DateOnly(2022, 7, 30)));
        var earlier = scene.Task.Reason;
        var outcome = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报", description: "卡口未测温", deadline: new DateOnly(2022, 7, 5)));

        var draft = outcome.NoticeDrafts.ShouldHaveSingleItem().ShouldBeOfType<RectificationDraft>();
        draft.SubjectId.ShouldBe(scene.Task.Id);
        draft.Earlier.ShouldBe(earlier);
        draft.Until.ShouldBe(new DateOnly(2022, 7, 30)); // a deadline only moves later
        var text = Compose(draft, outcome.NoticeDrafts);
        text.Paragraphs[0].ShouldContain("新增以下问题，并入正在进行的整改一并整改");
        text.Items.ShouldHaveSingleItem().ShouldContain("北京日报");
        All(text).ShouldContain("原整改事项：" + earlier);
        All(text).ShouldContain("整改期限：2022年7月30日前。");
    }

    [Fact]
    public void ARevokingReEvaluation_CitesTheScoreAgainstThePassMark_AndTheDistrictsWords()
    {
        var scene = Scene.Certified();
        var explanation = Evaluations.Perfect().WithTotal(80m).Evaluate();
        scene.OpenReEvaluation(ReEvaluationCause.PassMarkChange, explanation);
        var outcome = scene.Decide(ReEvaluationDecision.Revoke, "按新达标线复核未达标");

        outcome.NoticeDrafts.Select(d => d.Kind).ShouldBe([NoticeKind.Revocation, NoticeKind.Rectification]);
        var revocation = outcome.NoticeDrafts.OfType<RevocationDraft>().Single();
        revocation.Veto.ShouldBeNull();
        revocation.ReEvaluation!.CauseName.ShouldBe("达标分数线调整");
        var text = Compose(revocation, outcome.NoticeDrafts);
        All(text).ShouldContain("经重新评定（达标分数线调整），总分 80 分，低于 85 分的达标线（差 5 分），未达到无疫社区标准。评定意见：按新达标线复核未达标。");
        var rectification = Compose(outcome.NoticeDrafts.OfType<RectificationDraft>().Single(), outcome.NoticeDrafts);
        rectification.Items.ShouldBe(["重新评定未达标（达标分数线调整）：按新达标线复核未达标"]);
    }

    [Fact]
    public void ReEvaluationGrounds_NameThe12345Deductions_BeforeTheTotal()
    {
        var scene = Scene.Certified();
        var explanation = Evaluations.Perfect().WithTotal(86m).With(Evaluations.LateComplaints(3)).Evaluate(); // 86 − 3 = 83
        explanation.DeductionTotal.ShouldBeGreaterThan(0m);
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions, explanation);
        var outcome = scene.Decide(ReEvaluationDecision.Revoke, "诉求反映的问题属实");

        var grounds = outcome.NoticeDrafts.OfType<RevocationDraft>().Single().ReEvaluation!;
        grounds.Reasons[0].ShouldStartWith("12345诉求（");
        grounds.Reasons[0].ShouldContain($"扣 {explanation.DeductionTotal:0.#} 分");
        grounds.Reasons.ShouldContain(r => r.Contains("低于 85 分的达标线"));
    }

    [Theory]
    [InlineData(ReEvaluationDecision.Keep)]
    [InlineData(ReEvaluationDecision.Restore)]
    public void ADecisionThatRevokesNothing_AnnouncesNothing(ReEvaluationDecision decision)
    {
        var scene = Scene.Certified();
        if (decision == ReEvaluationDecision.Restore)
        {
            scene.RecordVeto();
            scene.Annul();
        }
        else scene.OpenReEvaluation(ReEvaluationCause.ScaleChange);
        scene.Decide(decision, "经核实，维持现状").NoticeDrafts.ShouldBeEmpty();
    }

    [Fact]
    public void AnAnnulment_AndAReport_AnnounceNothing()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.Annul().NoticeDrafts.ShouldBeEmpty();
    }

    [Fact]
    public void Acceptance_SaysWhatWasFixed_WhenReported_TheVetoesCleared_AndThatTheCommunityMayApplyAgain()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();
        var outcome = scene.Accept("现场复核整改到位");

        var draft = outcome.NoticeDrafts.ShouldHaveSingleItem().ShouldBeOfType<AcceptanceDraft>();
        draft.VetoesCleared.ShouldBe(1);
        var text = Compose(draft, outcome.NoticeDrafts);
        text.Title.ShouldBe("整改验收合格通知书");
        text.Number.ShouldBe("京无疫验〔2022〕0108-0001");
        text.Items.ShouldBe([scene.Task.Reason]);
        text.Paragraphs[0].ShouldBe("你社区于2022年6月20日报告的整改情况已收悉。经验收，以下整改事项已整改到位，验收合格：");
        All(text).ShouldContain("验收意见：现场复核整改到位。");
        All(text).ShouldContain("相关一票否决事项（1 项）随之消除。你社区可重新开展自评，自愿申报无疫社区。");
    }

    [Fact]
    public void Return_SaysWhichReturn_Why_AndTheDeadlineToReportAgain()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();
        var outcome = DynamicRules.SendBackRectification(Actors.City(), scene.Task, "夜间值守排班仍不完整。", new DateOnly(2022, 7, 1), scene.Tick());

        var draft = outcome.NoticeDrafts.ShouldHaveSingleItem().ShouldBeOfType<ReturnDraft>();
        draft.Return.ShouldBe(1);
        draft.Deadline.ShouldBe(new DateOnly(2022, 7, 1));
        scene.Task.State.ShouldBe(RectificationState.Open);
        var text = Compose(draft, outcome.NoticeDrafts, Haidian with { Issuer = "北京市新冠肺炎疫情防控工作领导小组社区防控组" });
        text.Title.ShouldBe("整改退回通知书");
        text.Number.ShouldBe("京无疫退〔2022〕0108-0001");
        text.Issuer.ShouldBe("北京市新冠肺炎疫情防控工作领导小组社区防控组");
        All(text).ShouldContain("现予退回（第 1 次）");
        All(text).ShouldContain("退回理由：夜间值守排班仍不完整。");
        All(text).ShouldContain("于2022年7月1日前在无疫社区（村）创建平台重新报告整改情况");
    }

    [Fact]
    public void AReturnThatTheRulesRefuse_DraftsNothing_AndChangesNothing()
    {
        var scene = Scene.Certified();
        scene.RecordVeto(); // open, not reported
        Should.Throw<DomainException>(() => DynamicRules.SendBackRectification(Actors.District(), scene.Task, "不到位", null, scene.Tick()));
        scene.Task.Returns.ShouldBe(0);
    }

    [Fact]
    public void AVillage_IsAddressedAsSuch()
    {
        var scene = Scene.Nothing();
        var outcome = scene.RecordVeto();
        var text = Compose(outcome.NoticeDrafts.Single(), outcome.NoticeDrafts, Haidian with { KindName = "村" });
        All(text).ShouldContain("你村");
        All(text).ShouldNotContain("你社区");
    }

    // ---- numbers ----

    [Theory]
    [InlineData(NoticeKind.Revocation, "京无疫撤〔2022〕0108-")]
    [InlineData(NoticeKind.Rectification, "京无疫改〔2022〕0108-")]
    [InlineData(NoticeKind.RectificationAccepted, "京无疫验〔2022〕0108-")]
    [InlineData(NoticeKind.RectificationReturned, "京无疫退〔2022〕0108-")]
    public void EachKind_HasItsOwnSeries_PerDistrictAndYear(NoticeKind kind, string prefix)
    {
        NoticeNumber.Prefix(kind, Codes.Haidian, 2022).ShouldBe(prefix);
        NoticeNumber.Prefix(kind, Codes.Chaoyang, 2022).ShouldBe(prefix.Replace("0108", "0105"));
        NoticeNumber.Prefix(kind, Codes.Haidian, 2023).ShouldBe(prefix.Replace("2022", "2023"));
    }

    [Fact]
    public void Next_IsOneAfterTheHighest_FourDigitsThenMore()
    {
        var prefix = NoticeNumber.Prefix(NoticeKind.Revocation, Codes.Haidian, 2022);
        NoticeNumber.Next(prefix, null).ShouldBe("京无疫撤〔2022〕0108-0001");
        NoticeNumber.Next(prefix, "京无疫撤〔2022〕0108-0041").ShouldBe("京无疫撤〔2022〕0108-0042");
        NoticeNumber.Next(prefix, "京无疫撤〔2022〕0108-9999").ShouldBe("京无疫撤〔2022〕0108-10000");
        NoticeNumber.Prefix(NoticeKind.Revocation, "120101", 2022).ShouldStartWith("津无疫撤");
        Should.Throw<DomainException>(() => NoticeNumber.Prefix(NoticeKind.Revocation, Codes.Community, 2022));
    }

    // ---- frozen ----

    [Fact]
    public void Issue_KeepsTheWordsAsComposed_UnderItsNumber_AndNothingTheTaskDoesLaterChangesThem()
    {
        var scene = Scene.Nothing();
        var outcome = scene.RecordVeto();
        var draft = outcome.NoticeDrafts.Single();
        var numbers = FirstNumbers(outcome.NoticeDrafts);
        var at = scene.Now;

        var notice = Notice.Issue(Actors.District(), draft, Haidian, numbers, at);

        notice.Number.ShouldBe("京无疫改〔2022〕0108-0001");
        notice.Kind.ShouldBe(NoticeKind.Rectification);
        notice.CommunityCode.ShouldBe(Codes.Community);
        notice.DistrictCode.ShouldBe(Codes.Haidian);
        notice.SubjectId.ShouldBe(scene.Task.Id);
        notice.IssuedOn.ShouldBe(ProgrammeClock.DateOf(at));
        notice.IssuedAtUtc.ShouldBe(at.UtcDateTime);
        notice.Deadline.ShouldBe(scene.Task.Deadline);
        notice.Text.ShouldBeEquivalentTo(NoticeWriter.Compose(draft, notice.Number, Haidian, ProgrammeClock.DateOf(at), numbers));
        var words = All(notice.Text);

        scene.ReportFixed();
        scene.SendBack("不到位", new DateOnly(2022, 8, 31));
        All(notice.Text).ShouldBe(words);
        notice.Deadline.ShouldNotBe(scene.Task.Deadline);
    }
}
