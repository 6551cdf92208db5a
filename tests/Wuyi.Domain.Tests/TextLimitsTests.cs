using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Domain.Tests.Dynamic;

namespace Wuyi.Domain.Tests;

/// <summary>
/// Free text has a bound (文字长度上限) checked in the domain: a text at its limit is kept, one character more is refused
/// in Chinese with the field named, and nothing changes.
/// </summary>
public sealed class TextLimitsTests
{
    [Fact]
    public void Guard_TrimsAndKeepsTextAtItsLimit_AndRefusesOneMoreNamingTheFieldAndTheLength()
    {
        var field = new TextField("note", "补充说明", 5);

        field.Optional("  五个字正好  ").ShouldBe("五个字正好");
        field.Optional(" \t ").ShouldBeNull();
        var ex = Should.Throw<DomainException>(() => field.Optional("六个字超过了"));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("text-too-long");
        ex.Message.ShouldBe("“补充说明”不能超过 5 字（当前 6 字）");
        ex.Errors["note"].ShouldBe([ex.Message]);
    }

    [Fact]
    public void Guard_SaysAMillionCharactersWithSeparators()
    {
        var ex = Should.Throw<DomainException>(() => TextLimits.SelfNote.Optional(new string('说', 5_100_000)));

        ex.Message.ShouldBe("“补充说明”不能超过 2000 字（当前 5,100,000 字）");
    }

    [Fact]
    public void Required_BlankIsMissing_LongIsTooLong()
    {
        Should.Throw<DomainException>(() => TextLimits.ReturnReason.Required("  ", "请填写退回理由")).Errors["reason"].ShouldBe(["请填写退回理由"]);
        Should.Throw<DomainException>(() => TextLimits.ReturnReason.Required(new string('退', 2001), "请填写退回理由")).Code.ShouldBe("text-too-long");
    }

    [Fact]
    public void Fit_CutsALongComposedText_WithoutSplittingACharacter()
    {
        TextLimits.Fit("一二三", 3).ShouldBe("一二三");
        TextLimits.Fit("一二三四", 3).ShouldBe("一二…");
        TextLimits.Fit("a😀bc", 3).ShouldBe("a…"); // the emoji is two UTF-16 units: not cut in half
    }

    public static TheoryData<Step, string, int, string> Texts() => new()
    {
        { Step.SaveSelfAssessment, "note", 2000, "补充说明" },
        { Step.Withdraw, "comment", 2000, "意见" },
        { Step.Recommend, "comment", 2000, "意见" },
        { Step.ReturnByStreet, "reason", 2000, "退回理由" },
        { Step.SaveEvaluation, "findings", 4000, "现场复核意见" },
        { Step.Approve, "comment", 2000, "意见" },
        { Step.Reject, "reason", 2000, "不通过理由" },
        { Step.ReturnByDistrict, "reason", 2000, "退回理由" },
        { Step.File, "comment", 2000, "意见" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ApplicationStep_TextAtItsLimit_IsKept_OneMoreIsRefused_AndNothingChanges(Step step, string field, int max, string label)
    {
        var from = step switch
        {
            Step.SaveSelfAssessment or Step.Withdraw => ApplicationState.Draft,
            Step.Recommend or Step.ReturnByStreet => ApplicationState.Submitted,
            Step.File => ApplicationState.Approved,
            _ => ApplicationState.Recommended,
        };
        var refused = Round.InState(from);
        var before = refused.Snap();

        var ex = Should.Throw<DomainException>(() => Take(refused, step, new string('字', max + 1)));

        ex.Code.ShouldBe("text-too-long");
        ex.Message.ShouldBe($"“{label}”不能超过 {max} 字（当前 {max + 1:N0} 字）");
        ex.Errors[field].ShouldBe([ex.Message]);
        refused.Snap().ShouldBe(before);

        var kept = Round.InState(from);
        Take(kept, step, " " + new string('字', max) + " ");
        var a = kept.Application;
        var stored = step switch
        {
            Step.SaveSelfAssessment => a.SelfNote,
            Step.SaveEvaluation => a.DistrictFindings,
            _ => a.History[^1].Comment,
        };
        stored.ShouldBe(new string('字', max));
    }

    private static void Take(Round round, Step step, string text)
    {
        var app = round.Application;
        var actor = Actors.Covering(Round.RoleFor(step));
        var at = round.Tick();
        switch (step)
        {
            case Step.SaveSelfAssessment: app.SaveSelfAssessment(actor, round.Scale, Scores.Perfect(round.Scale), text, at); break;
            case Step.Withdraw: app.Withdraw(actor, text, at); break;
            case Step.Recommend: app.Recommend(actor, text, at); break;
            case Step.ReturnByStreet: app.ReturnByStreet(actor, text, at); break;
            case Step.SaveEvaluation: app.SaveEvaluation(actor, round.Scale, Scores.Perfect(round.Scale), text, null, at); break;
            case Step.Approve: app.Approve(actor, round.ExplanationOnDistrictScores(), text, at); break;
            case Step.Reject: app.Reject(actor, text, null, at); break;
            case Step.ReturnByDistrict: app.ReturnByDistrict(actor, text, at); break;
            case Step.File: app.File(actor, text, at); break;
            default: throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    [Fact]
    public void BatchTitle_TooLong_IsRefused_AndNothingIsPublished()
    {
        var round = Round.InState(ApplicationState.Filed);

        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(1, new string('名', 201), [round.Application], Actors.City(), round.Tick(), new CertificateNumbering()));

        ex.Errors["title"].ShouldBe(["“批次名称”不能超过 200 字（当前 201 字）"]);
        round.Application.State.ShouldBe(ApplicationState.Filed);
        PublicationBatch.Publish(1, $"  {new string('名', 200)} ", [round.Application], Actors.City(), round.Tick(), new CertificateNumbering()).Batch.Title.Length.ShouldBe(200);
    }

    [Fact]
    public void VetoAnnulment_ReasonTooLong_IsRefused_AndTheVetoStands()
    {
        var scene = Scene.Certified();
        var veto = scene.RecordVeto().Veto!;

        var ex = Should.Throw<DomainException>(() => scene.Annul(reason: new string('撤', 2001)));

        ex.Errors["reason"].ShouldBe(["“撤销理由”不能超过 2000 字（当前 2,001 字）"]);
        veto.IsLive.ShouldBeTrue();
    }

    [Fact]
    public void RectificationReturn_ReasonTooLong_IsRefused_AndTheReportStands()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();

        var ex = Should.Throw<DomainException>(() => scene.SendBack(new string('退', 2001)));

        ex.Errors["reason"].ShouldBe(["“退回理由”不能超过 2000 字（当前 2,001 字）"]);
        scene.Task.State.ShouldBe(RectificationState.Reported);
    }

    [Fact]
    public void ReEvaluationDecision_CommentTooLong_IsRefused_AndTheItemStaysOpen()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        var ex = Should.Throw<DomainException>(() => scene.Decide(ReEvaluationDecision.Keep, new string('评', 2001)));

        ex.Errors["comment"].ShouldBe(["“重新评定意见”不能超过 2000 字（当前 2,001 字）"]);
        scene.ReEvaluation.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void ReEvaluationDetail_QuotingLongReasons_StaysWithinItsColumn()
    {
        // Each annulment reason may be 2,000 characters; the open decision quotes every one (varchar(4000) on PostgreSQL).
        var scene = Scene.Certified();
        var first = scene.RecordVeto().Veto!;
        var second = scene.RecordVeto(Scene.Report(kind: VetoKind.MediaExposure, source: "北京日报")).Veto!;

        scene.Annul(first, new string('一', 2000));
        scene.Annul(second, new string('二', 2000));

        scene.ReEvaluation.Detail.Length.ShouldBe(TextLimits.Detail);
        scene.ReEvaluation.Detail.ShouldEndWith("…");
        scene.ReEvaluation.Detail.ShouldContain("北京日报");
    }

    [Fact]
    public void ScaleFile_IdOrNameTooLong_IsAFault()
    {
        var json = File.ReadAllText(Scales.BeijingPath);
        var longer = json.Replace("\"id\": \"beijing-2022-06\"", $"\"id\": \"{new string('v', 65)}\"")
            .Replace("\"name\": \"北京市无疫社区（村）创建工作量表\"", $"\"name\": \"{new string('量', 201)}\"");
        longer.ShouldNotBe(json);

        var ex = Should.Throw<ScaleDefinitionException>(() => ScaleVersion.Parse(longer));

        ex.Faults.ShouldContain("“量表版本编号”不能超过 64 字（当前 65 字）");
        ex.Faults.ShouldContain("“量表名称”不能超过 200 字（当前 201 字）");
    }
}
