using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests;

/// <summary>
/// The round's decisions say what they will do before they are taken (issue 11): each preview refuses as its step
/// would, changes nothing, and says in Chinese who has the application next, on which scores and verdict.
/// </summary>
public sealed class RoundConsequencesTests
{
    private static readonly Dictionary<string, string> Names = new()
    {
        [Codes.Community] = "翠微路社区居委会",
        [Codes.Street] = "羊坊店街道",
        [Codes.Haidian] = "海淀区",
        [Codes.OtherStreetCommunity] = "万寿路社区居委会",
        [Codes.ChaoyangCommunity] = "团结湖社区居委会",
    };

    private static string NameOf(string code) => Names.GetValueOrDefault(code, code);

    /// <summary>What the rules judge on at the round's clock: three answers late (12345 扣 3 分), the scale's pass mark.</summary>
    private static EvaluationInput Facts(Round round) =>
        Evaluations.Perfect(round.Scale) with
        {
            AsOf = round.Now,
            Complaints = Enumerable.Range(1, 3).Select(n => Evaluations.Complaint($"L{n}", received: round.Now.AddDays(-n - 4), late: true)).ToList(),
        };

    [Fact]
    public void SubmitPreview_SaysTheScoresTheVerdictAndTheStreet_AndSavesNothing()
    {
        var round = Round.Started();
        var before = round.Snap();
        var scores = Scores.Totalling(round.Scale, 92);

        var said = round.Application.PreviewSubmit(Actors.Community(), round.Scale, scores, "自评完成", Facts(round)).Describe(NameOf);

        said.Before.ShouldBe("将提交 翠微路社区居委会 的申报（自评 92 分，12345 扣 3 分，总分 89 分，达到达标线 85 分），提交后由 羊坊店街道 审核推荐，提交后不能再修改自评（审核前可以撤回）");
        said.After.ShouldBe("已提交 翠微路社区居委会 的申报（总分 89 分），等待 羊坊店街道 审核推荐");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void SubmitPreview_BelowThePassMark_SaysByHowMuch()
    {
        var round = Round.Started();

        var said = round.Application.PreviewSubmit(Actors.Community(), round.Scale, Scores.Totalling(round.Scale, 86), null, Facts(round)).Describe(NameOf);

        said.Before.ShouldContain("（自评 86 分，12345 扣 3 分，总分 83 分，低于达标线 85 分（差 2 分））");
    }

    [Fact]
    public void SubmitPreview_RefusesAsTheStepWould_AnIncompleteSelfAssessment_AndAnotherCommunity()
    {
        var round = Round.Started();

        Should.Throw<DomainException>(() => round.Application.PreviewSubmit(Actors.Community(), round.Scale, Scores.Of(("A1", 15)), null, Facts(round)))
            .Kind.ShouldBe(DomainErrorKind.Invalid);
        Should.Throw<DomainException>(() => round.Application.PreviewSubmit(Actors.Community(Codes.Neighbour), round.Scale, Scores.Perfect(round.Scale), null, Facts(round)))
            .Code.ShouldBe("out-of-scope");
        round.Application.State.ShouldBe(ApplicationState.Draft);
    }

    [Fact]
    public void RecommendPreview_SaysTheDistrictHasItNext()
    {
        var round = Round.InState(ApplicationState.Submitted);
        var before = round.Snap();

        var said = round.Application.PreviewRecommend(Actors.Street(), "同意推荐", Facts(round)).Describe(NameOf);

        said.Before.ShouldBe("将推荐 翠微路社区居委会 的申报（自评 100 分，12345 扣 3 分，总分 97 分，达到达标线 85 分），推荐后由 海淀区 社区防控组复核评定，街道不能再退回");
        said.After.ShouldBe("已推荐 翠微路社区居委会 的申报（总分 97 分），等待 海淀区 社区防控组复核评定");
        round.Snap().ShouldBe(before);
        Should.Throw<DomainException>(() => round.Application.PreviewRecommend(Actors.District(), null, Facts(round))).Code.ShouldBe("wrong-role");
    }

    [Fact]
    public void WithdrawPreview_SaysTheApplicationEnds_AndANewOneMayBeStarted_AndChangesNothing()
    {
        var submitted = Round.InState(ApplicationState.Submitted);
        var before = submitted.Snap();

        submitted.Application.PreviewWithdraw(Actors.Community(), "社区撤回").Describe(NameOf).ShouldBe(new StepConsequences(
            "将撤回 翠微路社区居委会 的申报，羊坊店街道 将不再审核，本次申报就此结束，撤回后不能恢复；翠微路社区居委会 可以另行发起新的申报（可以本次自评为起点），提交后重新由 羊坊店街道 审核推荐",
            "已撤回 翠微路社区居委会 的申报，本次申报已结束；可以另行发起新的申报（可以本次自评为起点）"));
        submitted.Snap().ShouldBe(before);

        // A draft the street has not seen: nothing is said of its review.
        Round.InState(ApplicationState.Draft).Application.PreviewWithdraw(Actors.Community(), null).Describe(NameOf).Before
            .ShouldStartWith("将撤回 翠微路社区居委会 的申报，本次申报就此结束，");
    }

    [Fact]
    public void WithdrawPreview_RefusesAsWithdrawingWould()
    {
        var recommended = Round.InState(ApplicationState.Recommended);
        Should.Throw<DomainException>(() => recommended.Application.PreviewWithdraw(Actors.Community(), null)).Code.ShouldBe("illegal-transition");
        var submitted = Round.InState(ApplicationState.Submitted);
        Should.Throw<DomainException>(() => submitted.Application.PreviewWithdraw(Actors.Street(), null)).Code.ShouldBe("wrong-role");
    }

    [Fact]
    public void ReturnPreviews_SayTheReason_AndRefuseWithoutOne()
    {
        var submitted = Round.InState(ApplicationState.Submitted);
        submitted.Application.PreviewReturnByStreet(Actors.Street(), "请补充卡口排班表").Describe(NameOf).ShouldBe(new StepConsequences(
            "将把 翠微路社区居委会 的申报退回社区（村）修改（理由：请补充卡口排班表），社区（村）修改后须重新提交，再由 羊坊店街道 审核",
            "已退回 翠微路社区居委会 的申报（理由：请补充卡口排班表），等待社区（村）修改后重新提交"));
        Should.Throw<DomainException>(() => submitted.Application.PreviewReturnByStreet(Actors.Street(), " ")).Code.ShouldBe("reason-required");

        var recommended = Round.InState(ApplicationState.Recommended);
        recommended.Application.PreviewReturnByDistrict(Actors.District(), "请补充消毒记录").Describe(NameOf).Before
            .ShouldBe("将把 翠微路社区居委会 的申报退回社区（村）补充（理由：请补充消毒记录），社区（村）修改后须重新提交，经 羊坊店街道 推荐后再由 海淀区 社区防控组评定");
        recommended.Application.State.ShouldBe(ApplicationState.Recommended);
    }

    [Fact]
    public void ApprovePreview_OnTheGivenScores_SavesNothing_AndIsTheVerdictTheApprovalIsMadeOn()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();
        var scores = Scores.Perfect(round.Scale, ("A2", 8));
        var findings = new Dictionary<string, string?> { ["A2"] = "“四件套”查验抽查两次有一次未查验" };

        var will = round.Application.PreviewApprove(Actors.District(), round.Scale, scores, "现场复核", findings, "评定通过", Facts(round));

        will.Describe(NameOf).ShouldBe(new StepConsequences(
            "将评定 翠微路社区居委会 通过（区级评分 98 分，12345 扣 3 分，总分 95 分，达到达标线 85 分），报市社区防控组备案，评定后不能再修改评分",
            "已评定通过：翠微路社区居委会 总分 95 分，已报市社区防控组备案"));
        round.Snap().ShouldBe(before);
        round.Application.SaveEvaluation(Actors.District(), round.Scale, scores, "现场复核", findings, round.Tick());
        round.Application.Approve(Actors.District(), will.Verdict!, "评定通过", round.Tick()); // the very explanation the step accepts
        round.Application.State.ShouldBe(ApplicationState.Approved);
    }

    [Fact]
    public void ApprovePreview_RefusesAFailingVerdict_AndIncompleteScores()
    {
        var round = Round.InState(ApplicationState.Recommended);

        Should.Throw<DomainException>(() => round.Application.PreviewApprove(Actors.District(), round.Scale, Scores.Perfect(round.Scale, ("A1", 14)), null, null, null, Facts(round)))
            .Code.ShouldBe("verdict-fails");
        Should.Throw<DomainException>(() => round.Application.PreviewApprove(Actors.District(), round.Scale, Scores.Of(("A1", 15)), null, null, null, Facts(round)))
            .Code.ShouldBe("evaluation-incomplete");
    }

    [Fact]
    public void RejectPreview_SaysTheRoundEnds()
    {
        var round = Round.InState(ApplicationState.Recommended);

        var scores = Scores.Totalling(round.Scale, 80);
        var said = round.Application.PreviewReject(Actors.District(), round.Scale, scores, null, Scores.FindingsWhereLowered(round.Application.SelfScores, scores), "卡口值守不到位",
            Facts(round)).Describe(NameOf);

        said.Before.ShouldBe("将评定 翠微路社区居委会 不通过（区级评分 80 分，12345 扣 3 分，总分 77 分，低于达标线 85 分（差 8 分））（理由：卡口值守不到位），本次申报就此结束，翠微路社区居委会 须另行发起申报");
        said.After.ShouldBe("已评定不通过：翠微路社区居委会 的本次申报已结束（理由：卡口值守不到位）");
        round.Application.PreviewReject(Actors.District(), round.Scale, Scores.Of(("A1", 15)), null, null, "未完成评分", Facts(round)).Describe(NameOf).Before
            .ShouldStartWith("将评定 翠微路社区居委会 不通过（区级评分未完成）");
    }

    [Fact]
    public void FilePreview_SaysTheApprovedScore_AndThatTheListWaitsForPublication()
    {
        var round = Round.InState(ApplicationState.Approved);

        var said = round.Application.PreviewFile(Actors.City(), "同意备案").Describe(NameOf);

        said.Before.ShouldBe("将备案 翠微路社区居委会 的申报（区级评分 100 分，12345 扣 0 分，总分 100 分，达到达标线 85 分），备案后待市社区防控组公布，公布前不出现在公开名单上");
        said.After.ShouldBe("已备案 翠微路社区居委会 的申报（总分 100 分），待公布");
        round.Application.State.ShouldBe(ApplicationState.Approved);
        Should.Throw<DomainException>(() => Round.InState(ApplicationState.Recommended).Application.PreviewFile(Actors.City(), null)).Code.ShouldBe("illegal-transition");
    }

    [Fact]
    public void FilingManyPreview_NamesTheCommunities_RefusesWhatCannotBeFiled_AndFilesNothing()
    {
        var approved = Round.InState(ApplicationState.Approved).Application;

        var said = FilingConsequences.Preview(Actors.City(), [approved]).Describe(NameOf);

        said.Before.ShouldBe("将对 1 件区级评定通过的申报作市级备案：翠微路社区居委会；备案后列入待公布名单，公布前不出现在公开名单上");
        said.After.ShouldBe("已备案 1 件：翠微路社区居委会，已列入待公布名单");
        approved.State.ShouldBe(ApplicationState.Approved);
        new FilingConsequences(Enumerable.Repeat(Codes.Community, 7).ToList()).Describe(NameOf).Before.ShouldContain("翠微路社区居委会 等 7 个；");
        Should.Throw<DomainException>(() => FilingConsequences.Preview(Actors.City(), [])).Code.ShouldBe("nothing-selected");
        Should.Throw<DomainException>(() => FilingConsequences.Preview(Actors.City(), [approved, Round.InState(ApplicationState.Recommended).Application]))
            .Code.ShouldBe("illegal-transition");
        Should.Throw<DomainException>(() => FilingConsequences.Preview(Actors.District(), [approved]));
    }

    [Fact]
    public void BatchPreview_CountsAndNamesTheCommunities_AndPublishesNothing()
    {
        var apps = new[] { Round.InState(ApplicationState.Filed).Application };

        var will = PublicationBatch.Preview(3, null, apps, Actors.City());

        will.Describe(NameOf).ShouldBe(new StepConsequences(
            "将把 1 个社区（村）公布为第 3 批无疫社区（“第3批无疫社区（村）名单”）：翠微路社区居委会，立即出现在公开名单上，公布后只能经动态管理取消认定",
            "已公布第 3 批无疫社区（“第3批无疫社区（村）名单”）：1 个社区（村）已列入公开名单"));
        apps[0].State.ShouldBe(ApplicationState.Filed);
    }

    [Fact]
    public void BatchPreview_NamesTheFirstFive_AndCountsTheRest()
    {
        var codes = Enumerable.Range(1, 7).Select(n => $"110108001{n:000}").ToList();

        var said = new BatchConsequences(2, "第二批", codes).Describe(code => "社区" + code[^1]);

        said.Before.ShouldBe("将把 7 个社区（村）公布为第 2 批无疫社区（“第二批”）：社区1、社区2、社区3、社区4、社区5 等 7 个，立即出现在公开名单上，公布后只能经动态管理取消认定");
    }

    [Fact]
    public void BatchPreview_RefusesAsPublishingWould()
    {
        Should.Throw<DomainException>(() => PublicationBatch.Preview(1, null, [], Actors.City())).Code.ShouldBe("batch-empty");
        Should.Throw<DomainException>(() => PublicationBatch.Preview(1, null, [Round.InState(ApplicationState.Approved).Application], Actors.City()))
            .Code.ShouldBe("illegal-transition");
    }
}
