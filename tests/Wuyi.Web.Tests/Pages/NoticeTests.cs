using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Hotline;
using Wuyi.Web.Notices;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Hotline.HotlineFiles;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 通知书 (issue 13, item 4; decision 0013): every step that revokes a title or opens, extends, accepts or returns a rectification
/// issues its notice in the same transaction, numbered per kind, district and year, frozen as issued; the community and the
/// officials over it read it at /notices/{number} and through the API, linked from the story and the community's to-do page.
/// Each test takes its own district, so its numbers start at 0001.
/// </summary>
public abstract class NoticeTests(WuyiApp app)
{
    private string Year => ProgrammeClock.DateOf(app.Clock.GetUtcNow()).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Number(string series, string district, int sequence) => $"京无疫{series}〔{Year}〕{district[2..]}-{sequence:D4}";

    private static async Task<List<NoticeSummary>> NoticesAsync(HttpClient client, string code) =>
        await (await client.GetAsync($"/api/v1/communities/{code}/notices")).Read<List<NoticeSummary>>();

    private static async Task<NoticeView> NoticeAsync(HttpClient client, string number) =>
        await (await client.GetAsync(NoticeLinks.Api(number))).Read<NoticeView>();

    private static string Words(NoticeView n) => string.Join("\n", n.Text.Paragraphs.Concat(n.Text.Items));

    private Task<int> CountAsync(string code) => app.WithDbAsync(db => db.Notices.CountAsync(n => n.CommunityCode == code));

    [Fact]
    public async Task AVeto_RevokingATitle_IssuesARevocationAndARectificationNotice_InItsStep_AuditedWithIt()
    {
        var round = await Round.StartAsync(app, "110112");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var certificate = await app.WithDbAsync(db => db.Certifications.Where(c => c.CommunityCode == code).Select(c => c.Number).SingleAsync());
        (await NoticesAsync(round.Community, code)).ShouldBeEmpty();

        var veto = await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock);

        var list = await NoticesAsync(round.Community, code);
        list.Select(n => (n.Kind, n.Number)).ShouldBe([(NoticeKind.Revocation, Number("撤", "110112", 1)), (NoticeKind.Rectification, Number("改", "110112", 1))]);
        (await CountAsync(code)).ShouldBe(2);
        var place = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>();
        var task = await round.Community.OpenTaskAsync(code);
        var today = ProgrammeClock.DateOf(app.Clock.GetUtcNow());

        var revocation = await NoticeAsync(round.Community, list[0].Number);
        revocation.ShouldSatisfyAllConditions(
            n => n.Text.Title.ShouldBe("取消认定通知书"),
            n => n.Text.Number.ShouldBe(list[0].Number),
            n => n.Text.Addressee.ShouldBe(place.District.Name + place.Street.Name + place.Name),
            n => n.Text.Issuer.ShouldBe(place.District.Name + "新冠肺炎疫情防控工作领导小组社区防控组"),
            n => n.Text.Date.ShouldBe(today),
            n => n.IssuedOn.ShouldBe(today),
            n => n.CommunityCode.ShouldBe(code),
            n => Words(n).ShouldContain($"证书编号：{certificate}"),
            n => Words(n).ShouldContain(FormalDate.Of(ProgrammeClock.FromUtc(veto.OccurredAtUtc))),
            n => Words(n).ShouldContain(VetoKindNames.Of(VetoKind.MediaExposure)),
            n => Words(n).ShouldContain(veto.Source),
            n => Words(n).ShouldContain(veto.Description),
            n => Words(n).ShouldContain($"决定自{FormalDate.Of(today)}起取消"),
            n => Words(n).ShouldContain($"整改通知书（{list[1].Number}）"),
            n => Words(n).ShouldContain($"于{FormalDate.Of(task.Deadline)}前完成整改"));

        var rectification = await NoticeAsync(round.Community, list[1].Number);
        rectification.ShouldSatisfyAllConditions(
            n => n.Text.Title.ShouldBe("整改通知书"),
            n => n.SubjectId.ShouldBe(task.Id),
            n => n.Deadline.ShouldBe(task.Deadline),
            n => n.Text.Items.ShouldHaveSingleItem().ShouldContain(veto.Description),
            n => Words(n).ShouldContain($"整改期限：{FormalDate.Of(task.Deadline)}前"),
            n => Words(n).ShouldContain("如实报告整改情况"));

        // On the trail: the veto's one record carries both notices among its changes.
        var record = (await app.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.Action == "POST /api/v1/vetoes" && r.Changes != null).ToListAsync()))
            .Single(r => AddedNotices(r.Changes!).Contains(list[0].Number));
        AddedNotices(record.Changes!).Order(StringComparer.Ordinal).ShouldBe(list.Select(n => n.Number).Order(StringComparer.Ordinal));
    }

    private static List<string> AddedNotices(string changes)
    {
        using var json = JsonDocument.Parse(changes);
        return [.. json.RootElement.GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("entity").GetString() == "Notice" && c.GetProperty("state").GetString() == "Added")
            .Select(c => c.GetProperty("after").GetProperty("Number").GetString()!)];
    }

    [Fact]
    public async Task AVeto_WithoutATitle_IssuesOnlyTheRectification_AndAFurtherVeto_ANoticeOfTheAddedMatter_NextInTheSeries()
    {
        var round = await Round.StartAsync(app, "110113");
        var code = round.CommunityCode;
        var id = await round.RecommendedAsync();
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock, rectificationDeadline: new DateOnly(2022, 7, 20));
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Suspended);

        var first = (await NoticesAsync(round.District, code)).ShouldHaveSingleItem();
        (first.Kind, first.Number, first.Deadline).ShouldBe((NoticeKind.Rectification, Number("改", "110113", 1), new DateOnly(2022, 7, 20)));
        var earlier = (await round.District.OpenTaskAsync(code)).Reason;

        (await round.City.RecordVeto(code, VetoKind.MediaExposure, app.Clock, source: "北京晚报", description: "卡口未测温")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var list = await NoticesAsync(round.District, code);
        list.Select(n => n.Number).ShouldBe([Number("改", "110113", 2), first.Number]); // newest first
        var added = await NoticeAsync(round.District, list[0].Number);
        added.Text.Items.ShouldHaveSingleItem().ShouldContain("北京晚报");
        Words(added).ShouldContain("原整改事项：" + earlier.TrimEnd('。'));
        added.Text.Issuer.ShouldBe("北京市新冠肺炎疫情防控工作领导小组社区防控组"); // the city took this step
        added.SubjectId.ShouldBe((await round.District.OpenTaskAsync(code)).Id);
    }

    [Fact]
    public async Task A12345Import_OnlyQueues_TheRevokingDecision_IssuesTheNotices_CitingTheScoreAgainstThePassMark()
    {
        var round = await Round.StartAsync(app, "110114");
        var code = round.CommunityCode;
        await round.CertifiedAsync(Scores(("C4", 0m), ("C5", 0m))); // 90 points
        var file = Csv(Enumerable.Range(1, 3).Select(i => Row($"{code}-n{i}", code, 11 + i, answeredAfterHours: 30, followUp: "不满意"))); // 2 points each
        (await (await UploadAsync(round.City, file)).Read<ImportReport>()).ReEvaluationsQueued.ShouldBe(1);
        (await CountAsync(code)).ShouldBe(0); // deductions never revoke, and announce nothing by themselves

        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items.ShouldHaveSingleItem();
        await (await round.District.Decide(item.Id, "Revoke", "诉求反映的卡口问题经核实属实", item.Version)).ShouldBe(HttpStatusCode.OK);

        var list = await NoticesAsync(round.Community, code);
        list.Select(n => (n.Kind, n.Number)).ShouldBe([(NoticeKind.Revocation, Number("撤", "110114", 1)), (NoticeKind.Rectification, Number("改", "110114", 1))]);
        var revocation = await NoticeAsync(round.Community, list[0].Number);
        Words(revocation).ShouldContain("经重新评定（12345诉求扣分后低于达标线）");
        Words(revocation).ShouldContain("12345诉求（3 件）扣 6 分");
        Words(revocation).ShouldContain("总分 84 分，低于 85 分的达标线（差 1 分）");
        Words(revocation).ShouldContain("评定意见：诉求反映的卡口问题经核实属实");
        Words(revocation).ShouldContain($"整改通知书（{list[1].Number}）");
        (await NoticeAsync(round.Community, list[1].Number)).Text.Items.ShouldHaveSingleItem().ShouldContain("重新评定未达标（12345诉求扣分后低于达标线）");
    }

    [Fact]
    public async Task AReturn_AndAnAcceptance_EachIssueTheirNotice()
    {
        var round = await Round.StartAsync(app, "110115");
        var code = round.CommunityCode;
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var task = await round.Community.OpenTaskAsync(code);
        await (await round.Community.TaskStep(task.Id, "report", new { report = "已恢复24小时值守", version = task.Version })).ShouldBe(HttpStatusCode.OK);
        (await CountAsync(code)).ShouldBe(1); // reporting announces nothing
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // the list is newest first
        task = await (await round.District.GetAsync($"/api/v1/rectifications/{task.Id}")).Read<RectificationView>();
        (await round.District.TaskStep(task.Id, "return", new { comment = "夜间排班表缺失", deadline = new DateOnly(2022, 7, 25), version = task.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var returned = await NoticeAsync(round.Community, Number("退", "110115", 1));
        returned.ShouldSatisfyAllConditions(
            n => n.Text.Title.ShouldBe("整改退回通知书"),
            n => n.SubjectId.ShouldBe(task.Id),
            n => n.Deadline.ShouldBe(new DateOnly(2022, 7, 25)),
            n => Words(n).ShouldContain("现予退回（第 1 次）"),
            n => Words(n).ShouldContain("退回理由：夜间排班表缺失"),
            n => Words(n).ShouldContain("于2022年7月25日前"));

        task = await round.Community.OpenTaskAsync(code);
        await (await round.Community.TaskStep(task.Id, "report", new { report = "补齐夜间排班表", version = task.Version })).ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        task = await (await round.District.GetAsync($"/api/v1/rectifications/{task.Id}")).Read<RectificationView>();
        await (await round.District.TaskStep(task.Id, "accept", new { comment = "现场复核整改到位", version = task.Version })).ShouldBe(HttpStatusCode.OK);

        var accepted = await NoticeAsync(round.Community, Number("验", "110115", 1));
        accepted.ShouldSatisfyAllConditions(
            n => n.Text.Title.ShouldBe("整改验收合格通知书"),
            n => n.SubjectId.ShouldBe(task.Id),
            n => Words(n).ShouldContain("验收合格"),
            n => Words(n).ShouldContain("验收意见：现场复核整改到位"),
            n => Words(n).ShouldContain("相关一票否决事项（1 项）随之消除"),
            n => Words(n).ShouldContain("可重新开展自评"));
        (await NoticesAsync(round.Community, code)).Select(n => n.Kind)
            .ShouldBe([NoticeKind.RectificationAccepted, NoticeKind.RectificationReturned, NoticeKind.Rectification]);
    }

    [Fact]
    public async Task AnIssuedNotice_NeverChanges_WhenItsVetoIsAnnulled_TheTitleRestored_AndTheTaskWithdrawn()
    {
        var round = await Round.StartAsync(app, "110116");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var veto = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var numbers = (await NoticesAsync(round.Community, code)).Select(n => n.Number).ToList();
        var before = await Task.WhenAll(numbers.Select(n => round.Community.GetStringAsync(NoticeLinks.Api(n))));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await round.City.PostAsJsonAsync($"/api/v1/vetoes/{veto.Id}/annul", new { reason = "通报所指为相邻社区" }, Json)).ShouldBe(HttpStatusCode.OK);
        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items.ShouldHaveSingleItem();
        await (await round.District.Decide(item.Id, "Restore", "系误录，恢复认定", item.Version)).ShouldBe(HttpStatusCode.OK);
        await app.ShouldBeOnPublicList(code, true);

        // The restoration and the withdrawal issue nothing; what was issued reads exactly as it did.
        (await NoticesAsync(round.Community, code)).Select(n => n.Number).ShouldBe(numbers);
        (await Task.WhenAll(numbers.Select(n => round.Community.GetStringAsync(NoticeLinks.Api(n))))).ShouldBe(before);
    }

    [Fact]
    public async Task Numbers_AreUniqueAndSequential_WhenADistrictsStepsRace()
    {
        const int count = 8;
        var district = await app.AsAsync(ProgrammeRole.District, "110117");
        var codes = new List<string>();
        for (var i = 0; i < count; i++) codes.Add(await app.FreshCommunityAsync("110117"));

        var responses = await Task.WhenAll(codes.Select(c => district.RecordVeto(c, VetoKind.InspectionNotice, app.Clock)));
        foreach (var response in responses) await response.ShouldBe(HttpStatusCode.Created);

        var numbers = await app.WithDbAsync(db => db.Notices.Where(n => n.DistrictCode == "110117").Select(n => n.Number).ToListAsync());
        numbers.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, count).Select(i => Number("改", "110117", i)));
        foreach (var code in codes) (await CountAsync(code)).ShouldBe(1);
    }

    [Fact]
    public async Task ThePrintView_TheStory_AndTheCommunitysToDo_ShowAndLinkTheNotices()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock);
        var list = await NoticesAsync(round.District, code);
        var links = list.Select(n => NoticeLinks.Print(n.Number)).ToList();

        var community = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, code));
        var (status, work) = await community.GetAsync("/work");
        status.ShouldBe(HttpStatusCode.OK);
        work.QuerySelectorAll("[data-testid=notices] [data-testid=notice-link]").Select(a => a.GetAttribute("href")).ShouldBe(links);
        work.QuerySelector("[data-testid=notices]")!.TextContent.ShouldContain("取消认定通知书");

        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110111"));
        var (_, story) = await district.GetAsync($"/communities/{code}/story");
        story.QuerySelectorAll("[data-testid=notices] [data-testid=notice-link]").Select(a => a.GetAttribute("href")).ShouldBe(links);

        var (printStatus, page) = await community.GetAsync(links[1]);
        printStatus.ShouldBe(HttpStatusCode.OK);
        var notice = await NoticeAsync(round.Community, list[1].Number);
        page.QuerySelector("[data-testid=notice-title]")!.TextContent.ShouldBe("整改通知书");
        page.QuerySelector("[data-testid=notice-number]")!.TextContent.ShouldBe(list[1].Number);
        page.QuerySelector("[data-testid=notice-addressee]")!.TextContent.ShouldBe(notice.Text.Addressee + "：");
        page.QuerySelectorAll("[data-testid=notice-paragraph]").Select(p => p.TextContent).ShouldBe(notice.Text.Paragraphs);
        page.QuerySelectorAll("[data-testid=notice-items] li").Select(li => li.TextContent).ShouldBe(notice.Text.Items.Select(i => i + "。"));
        page.QuerySelector("[data-testid=notice-issuer]")!.TextContent.ShouldBe(notice.Text.Issuer);
        page.QuerySelector("[data-testid=notice-issuer]")!.InnerHtml.ShouldEndWith("领导小组<wbr>社区防控组"); // breaks only between its parts
        page.QuerySelector("[data-testid=notice-date]")!.TextContent.ShouldBe(FormalDate.Of(notice.IssuedOn));
        page.QuerySelector("[data-testid=notice-subject]")!.GetAttribute("href").ShouldBe($"/rectifications/{notice.SubjectId}");
        (await community.Client.GetStringAsync(links[1])).ShouldContain("size: A4 portrait");

        // The same notice as PDF, from the page's button and through the API: its frozen words are text in it.
        page.QuerySelector("[data-testid=notice-pdf]")!.GetAttribute("href").ShouldBe(NoticeLinks.Pdf(list[1].Number));
        using var response = await community.Client.GetAsync(NoticeLinks.Pdf(list[1].Number));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pdf = await PdfFile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), $"notice-rectification-{app.Provider.ToString().ToLowerInvariant()}");
        foreach (var words in new[] { notice.Text.Title, notice.Text.Number, notice.Text.Addressee + "：", notice.Text.Issuer, FormalDate.Of(notice.IssuedOn), "（盖章）" }
                     .Concat(notice.Text.Items.Select((item, k) => $"{k + 1}.{item}。")).Concat(notice.Text.Paragraphs))
            pdf.Text.ShouldContain(string.Concat(words.Where(c => !char.IsWhiteSpace(c))));
        (await pdf.RenderAsync()).Ink.ShouldBeGreaterThan(0.01, "the notice renders blank");
        using var revocation = await round.Community.GetAsync(NoticeLinks.PdfApi(list[0].Number));
        revocation.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PdfFile.ReadAsync(await revocation.Content.ReadAsByteArrayAsync(), $"notice-revocation-{app.Provider.ToString().ToLowerInvariant()}")).Text
            .ShouldContain("取消认定通知书");
    }

    [Fact]
    public async Task ANotice_IsForTheCommunity_AndTheOfficialsOverIt_AnyoneElseGets404()
    {
        var round = await Round.StartAsync(app, "110118");
        var code = round.CommunityCode;
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var number = (await NoticesAsync(round.Community, code)).ShouldHaveSingleItem().Number;
        var link = NoticeLinks.Print(number);

        foreach (var (role, node) in new[] { (ProgrammeRole.Community, code), (ProgrammeRole.Street, code[..9]), (ProgrammeRole.District, "110118"), (ProgrammeRole.City, "11") })
        {
            var pages = await Browserless.SignInAsync(app, await app.CreateAccountAsync(role, node));
            (await pages.GetAsync(link)).Status.ShouldBe(HttpStatusCode.OK, $"{role} {node}");
        }

        var sibling = await app.FreshCommunityAsync("110118");
        var otherDistrictApi = await app.AsAsync(ProgrammeRole.District, "110119");
        foreach (var (role, node) in new[] { (ProgrammeRole.Community, sibling), (ProgrammeRole.District, "110119") })
        {
            var pages = await Browserless.SignInAsync(app, await app.CreateAccountAsync(role, node));
            (await pages.GetAsync(link)).Status.ShouldBe(HttpStatusCode.NotFound, $"{role} {node}");
        }
        var problem = await (await otherDistrictApi.GetAsync(NoticeLinks.Api(number))).ChineseProblem(HttpStatusCode.NotFound, "notice-not-found");
        problem.GetProperty("detail").GetString()!.ShouldContain(number);
        await (await otherDistrictApi.GetAsync($"/api/v1/communities/{code}/notices")).ChineseProblem(HttpStatusCode.NotFound);
        await (await round.Community.GetAsync(NoticeLinks.Api("京无疫撤〔2022〕0118-9999"))).ChineseProblem(HttpStatusCode.NotFound, "notice-not-found");
        await (await otherDistrictApi.GetAsync(NoticeLinks.PdfApi(number))).ChineseProblem(HttpStatusCode.NotFound, "notice-not-found");
        using (var outsider = await (await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110119"))).Client.GetAsync(NoticeLinks.Pdf(number)))
            outsider.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Browserless.Anonymous(app).GetAsync(link)).Status.ShouldBe(HttpStatusCode.Redirect); // to sign in
        (await app.CreateClient().GetAsync(NoticeLinks.Api(number))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

public sealed class NoticeTests_Sqlite(SqliteApp app) : NoticeTests(app), IClassFixture<SqliteApp>;

public sealed class NoticeTests_Postgres(PostgresApp app) : NoticeTests(app), IClassFixture<PostgresApp>;
