using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>
/// The programme's history (动态管理记录): who did what and when, and what of it the public may read. Only a
/// revocation and a restoration are public; their text names the kind, date and source of the event, never the
/// internal description, the document, the people involved or the district's comments.
/// </summary>
public sealed class ProgrammeEventTests
{
    private const string Description = "值守人员张三擅离岗位，卡口无人查验";
    private const string Document = "京卫通〔2022〕12号";
    private const string AnnulReason = "经核实通报所指为相邻小区，系录入错误";
    private const string Comment = "区防控组李四现场复核意见：卡口排班已补齐";

    /// <summary>Every internal detail the public text must not carry.</summary>
    private static readonly string[] Internal =
        [Description, "张三", Document, AnnulReason, Comment, "李四", "区防控组成员", "市防控组成员", "社区工作人员", "district-", "city-"];

    /// <summary>A whole story: a veto revokes a title, the community reports, is sent back, the veto is annulled, the title restored.</summary>
    private static Scene WholeStory()
    {
        var scene = Scene.Certified();
        scene.RecordVeto(Scene.Report(description: Description, documentReference: Document));
        scene.ReportFixed("已补齐排班", "排班表.pdf");
        scene.SendBack(Comment);
        scene.Annul(reason: AnnulReason);
        scene.Decide(ReEvaluationDecision.Restore, Comment);
        return scene;
    }

    [Fact]
    public void Of_KeepsWhoWhenWhatAndAbout()
    {
        var actor = Actors.District();
        var subject = Guid.NewGuid();

        var e = ProgrammeEvent.Of(ProgrammeEventKind.RectificationOpened, Codes.Community, actor, Times.AsOf, "督促整改", subject);

        e.Kind.ShouldBe(ProgrammeEventKind.RectificationOpened);
        e.CommunityCode.ShouldBe(Codes.Community);
        e.AtUtc.ShouldBe(Times.AsOf.UtcDateTime);
        e.AtUtc.Kind.ShouldBe(DateTimeKind.Utc);
        (e.ActorUserId, e.ActorName, e.ActorRole, e.ActorDivisionCode).ShouldBe((actor.UserId, actor.Name, actor.Role, actor.DivisionCode));
        e.Summary.ShouldBe("督促整改");
        e.SubjectId.ShouldBe(subject);
        e.PublicSummary.ShouldBeNull(); // internal unless said otherwise
        e.Id.Version.ShouldBe(7);
    }

    [Fact]
    public void Of_CityWideEvent_HasNoCommunity()
    {
        ProgrammeEvent.Of(ProgrammeEventKind.PassMarkChanged, null, Actors.City(), Times.AsOf, "调整").CommunityCode.ShouldBeNull();
    }

    [Fact]
    public void Name_IsChineseForEveryKind_AndDistinct()
    {
        var names = Enum.GetValues<ProgrammeEventKind>().Select(ProgrammeEvent.Name).ToList();

        names.ShouldAllBe(n => n.Length > 0 && n.Any(c => c > 0x4E00));
        names.Distinct().Count().ShouldBe(names.Count);
    }

    [Fact]
    public void WholeStory_OnlyTheRevocationAndTheRestorationArePublic()
    {
        var scene = WholeStory();

        scene.Events.Where(e => e.PublicSummary is not null).Select(e => e.Kind)
            .ShouldBe([ProgrammeEventKind.TitleRevoked, ProgrammeEventKind.TitleRestored]);
        scene.Events.Select(e => e.Kind).ShouldBe(
        [
            ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.TitleRevoked, ProgrammeEventKind.RectificationOpened,
            ProgrammeEventKind.RectificationReported, ProgrammeEventKind.RectificationReturned,
            ProgrammeEventKind.VetoAnnulled, ProgrammeEventKind.ReEvaluationOpened,
            ProgrammeEventKind.ReEvaluationDecided, ProgrammeEventKind.TitleRestored, ProgrammeEventKind.RectificationCancelled,
        ]);
    }

    [Fact]
    public void WholeStory_PublicTextNeverLeaksInternalDetails()
    {
        var scene = WholeStory();

        foreach (var text in scene.Events.Select(e => e.PublicSummary).OfType<string>())
            foreach (var secret in Internal)
                text.ShouldNotContain(secret);
    }

    [Fact]
    public void Revocation_PublicTextIsKindDateAndSource()
    {
        var scene = Scene.Certified();

        var outcome = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, occurred: Times.Beijing(2022, 6, 19, 21), source: "北京日报",
            description: Description, documentReference: Document));

        var revoked = outcome.Events.Single(e => e.Kind == ProgrammeEventKind.TitleRevoked);
        revoked.PublicSummary.ShouldBe("取消认定：2022年6月19日卡口点位被媒体曝光（北京日报）");
        scene.Title!.RevocationReason.ShouldBe("2022年6月19日卡口点位被媒体曝光（北京日报）");
        revoked.Summary.ShouldBe("取消认定（第 1 批）：2022年6月19日卡口点位被媒体曝光（北京日报）");
    }

    [Fact]
    public void Revocation_TheInternalHistoryKeepsTheDescription()
    {
        var scene = Scene.Certified();

        var outcome = scene.RecordVeto(Scene.Report(description: Description));

        var recorded = outcome.Events.Single(e => e.Kind == ProgrammeEventKind.VetoRecorded);
        recorded.Summary.ShouldContain(Description);
        recorded.PublicSummary.ShouldBeNull();
    }

    [Fact]
    public void RevocationOnReEvaluation_PublicTextNamesTheCause_NotTheDistrictsComment()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);

        var outcome = scene.Decide(ReEvaluationDecision.Revoke, Comment);

        var revoked = outcome.Events.Single(e => e.Kind == ProgrammeEventKind.TitleRevoked);
        revoked.PublicSummary.ShouldBe("取消认定：重新评定未达标（12345诉求扣分后低于达标线）");
        revoked.PublicSummary!.ShouldNotContain("李四");
        scene.Task.Reason.ShouldContain(Comment); // the community still learns why
    }

    [Fact]
    public void Restoration_PublicTextSaysItWasAMistake_NotTheReasonsGiven()
    {
        var scene = WholeStory();

        var restored = scene.Events.Single(e => e.Kind == ProgrammeEventKind.TitleRestored);

        restored.PublicSummary.ShouldBe("恢复认定：原否决事项经核实系误录，已撤销");
        restored.Summary.ShouldContain(Comment);
    }

    [Fact]
    public void SuspensionOfAnApplication_IsNotPublic()
    {
        var scene = Scene.Applying(ApplicationState.Recommended);

        var outcome = scene.RecordVeto(Scene.Report(description: Description));

        outcome.Events.ShouldAllBe(e => e.PublicSummary == null);
        scene.Application!.History[^1].Comment.ShouldNotBeNull().ShouldNotContain(Description);
    }
}
