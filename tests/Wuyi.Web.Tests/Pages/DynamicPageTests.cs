using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// The dynamic-management pages over HTTP (动态管理): a veto recorded through the form takes the community off the
/// public list, the community reports its rectification through its form, the district accepts or sends it back,
/// the re-evaluation page decides, ids outside one's subtree are 404s, refusals show beside the field.
/// Divisions used here (110111 房山, 110112 通州, 110113 顺义, 110114 昌平, 110115 大兴) are used by no other page test.
/// </summary>
public abstract class DynamicPageTests(WuyiApp app)
{
    private string Today => ProgrammeClock.DateOf(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");

    [Fact]
    public async Task RecordVeto_ThroughTheForm_TakesTheCommunityOffThePublicList_AndShowsItOnAdjustments()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        await PublishAsync(round);
        var name = await NameOf(code);
        var anonymous = Browserless.Anonymous(app);
        (await ListedAsync(anonymous, "110111")).ShouldContain(name);
        var (_, before) = await anonymous.GetAsync("/public/adjustments"); // cached now: the next read must still be fresh
        before.Source.Text.ShouldNotContain(name);

        var district = await Browserless.SignInAsync(app, await UserNameOf(code[..6], ProgrammeRole.District));
        var (status, _, _) = await district.SubmitConfirmedAsync("/vetoes/new", "form#veto", new()
        {
            ["CommunityCode"] = code,
            ["Kind"] = "MediaExposure",
            ["OccurredOn"] = Today,
            ["Source"] = "北京日报",
            ["Description"] = "卡口夜间无人值守",
            ["DocumentReference"] = "京报 2022-06-16",
        });
        status.ShouldBe(HttpStatusCode.Redirect);

        (await ListedAsync(anonymous, "110111")).ShouldNotContain(name);
        var (_, adjustments) = await anonymous.GetAsync("/public/adjustments");
        var row = adjustments.QuerySelectorAll("[data-testid=adjustments] tbody tr").Single(r => r.TextContent.Contains(name));
        row.TextContent.ShouldContain("取消认定");
        row.TextContent.ShouldContain("北京日报");
        var (_, publicPage) = await anonymous.GetAsync($"/public/communities/{code}");
        var badge = publicPage.QuerySelector("[data-testid=public-status]")!.TextContent;
        badge.ShouldContain("已取消认定");
        badge.ShouldNotContain("已认定为");
        publicPage.QuerySelector("[data-testid=public-story]")!.TextContent.ShouldContain("取消认定");
        publicPage.Source.Text.ShouldNotContain("卡口夜间无人值守"); // the internal description is not public

        // The district sees it in its list and on the veto's page, and the story link from the application works.
        var (_, list) = await district.GetAsync("/vetoes");
        var link = list.QuerySelectorAll("[data-testid=vetoes] a").First(a => a.TextContent == name).GetAttribute("href")!;
        var (detailStatus, detail) = await district.GetAsync(link);
        detailStatus.ShouldBe(HttpStatusCode.OK);
        detail.QuerySelector("[data-testid=kind]")!.TextContent.ShouldBe("卡口点位被媒体曝光");
        detail.QuerySelectorAll("textarea[name=Reason]").ShouldBeEmpty(); // only the city annuls
        var (storyStatus, story) = await district.GetAsync($"/communities/{code}/story");
        storyStatus.ShouldBe(HttpStatusCode.OK);
        story.QuerySelector("[data-testid=story]")!.TextContent.ShouldContain("卡口夜间无人值守");
    }

    [Fact]
    public async Task RecordVeto_AsksToConfirm_NamingItsConsequences_ChangesNothingUntilConfirmed_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110114");
        var code = round.CommunityCode;
        await PublishAsync(round);
        var name = await NameOf(code);
        var anonymous = Browserless.Anonymous(app);
        var deadline = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).AddDays(DynamicRules.DefaultRectificationDays);
        var formal = $"{deadline.Year}年{deadline.Month}月{deadline.Day}日";

        var district = await Browserless.SignInAsync(app, await UserNameOf(code[..6], ProgrammeRole.District));
        var (status, confirmation) = await district.SubmitAsync("/vetoes/new", "form#veto", new()
        {
            ["CommunityCode"] = code,
            ["Kind"] = "InspectionNotice",
            ["OccurredOn"] = Today,
            ["Source"] = "市卫健委检查通报",
            ["Description"] = "卡口“四件套”查验不落实",
        });

        status.ShouldBe(HttpStatusCode.OK);
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent
            .ShouldBe($"将取消 {name} 的无疫社区认定，立即从公开名单撤下，并下达整改任务，期限 {formal}；发出取消认定通知书、整改通知书");
        confirmation.QuerySelector("[data-testid=confirm-form] input[name=Confirmed]")!.GetAttribute("value").ShouldBe("true");
        confirmation.QuerySelector("[data-testid=confirm-form] input[name=CommunityCode]")!.GetAttribute("value").ShouldBe(code);
        confirmation.QuerySelector("#Source")!.GetAttribute("value").ShouldBe("市卫健委检查通报"); // the form stays, to correct it instead
        // Nothing changed yet: no veto, no task, still on the public list.
        (await app.WithDbAsync(db => Task.FromResult((db.Vetoes.Count(v => v.CommunityCode == code), db.RectificationTasks.Count(t => t.CommunityCode == code)))))
            .ShouldBe((0, 0));
        (await ListedAsync(anonymous, "110114")).ShouldContain(name);

        var (confirmed, redirect) = await district.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        var vetoId = await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Single(v => v.CommunityCode == code).Id));
        var (_, detail) = await district.GetAsync($"/vetoes/{vetoId}");
        detail.QuerySelector("[role=status]")!.TextContent
            .ShouldBe($"已记录一票否决：{name} 的认定已取消，已从公开名单撤下，整改任务期限 {formal}；已发出取消认定通知书、整改通知书");
        (await ListedAsync(anonymous, "110114")).ShouldNotContain(name);
        (await app.WithDbAsync(db => Task.FromResult(db.RectificationTasks.Single(t => t.CommunityCode == code).Deadline))).ShouldBe(deadline);
    }

    [Fact]
    public async Task RecordVeto_CaseWithoutLapse_ShowsTheMessageBesideTheField_AndKeepsTheInput()
    {
        var round = await Round.StartAsync(app, "110112");
        var district = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode[..6], ProgrammeRole.District));
        var (status, page) = await district.SubmitAsync("/vetoes/new", "form#veto", new()
        {
            ["CommunityCode"] = round.CommunityCode,
            ["Kind"] = "CaseWithManagementLapse",
            ["OccurredOn"] = Today,
            ["Source"] = "区疾控中心",
            ["Description"] = "发现一例无症状感染者",
        });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=ManagementLapse]")!.TextContent.ShouldContain("漏管失管");
        page.QuerySelector("[data-testid=confirm-step]").ShouldBeNull(); // a refusal asks for no confirmation
        page.QuerySelector("#CommunityCode")!.GetAttribute("value").ShouldBe(round.CommunityCode);
        page.QuerySelector("#kind-CaseWithManagementLapse")!.HasAttribute("checked").ShouldBeTrue();
        page.QuerySelector("input[name=__RequestVerificationToken]").ShouldNotBeNull();

        // A code outside the district is a wrong entry beside the field, not a missing page; the status is still 404 (decision 0003).
        (status, page) = await district.SubmitAsync("/vetoes/new", "form#veto", new()
        {
            ["CommunityCode"] = "110105001001",
            ["Kind"] = "InspectionNotice",
            ["OccurredOn"] = Today,
            ["Source"] = "市卫健委",
            ["Description"] = "卡口查验不落实",
        });
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("[data-valmsg-for=CommunityCode]")!.TextContent.ShouldContain("管辖范围");
        (await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Count(v => v.CommunityCode == round.CommunityCode || v.CommunityCode == "110105001001")))).ShouldBe(0);
    }

    [Fact]
    public async Task ARevokedCommunity_ItsApplicationAndWorkPage_SayRevoked_NeverPublished()
    {
        var round = await Round.StartAsync(app, "110113");
        var (id, _) = await round.CertifiedAsync();
        await VetoAsync(round);
        var community = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));

        var (_, work) = await community.GetAsync("/work");
        work.QuerySelector("main")!.TextContent.ShouldContain("上一份申报：已取消认定");
        work.QuerySelector("main")!.TextContent.ShouldNotContain("已公布");
        var (_, detail) = await community.GetAsync($"/applications/{id}");
        detail.QuerySelector("[data-testid=state]")!.TextContent.Trim().ShouldBe("已取消认定");
        var list = await (await round.District.GetAsync($"/api/v1/applications?within={round.CommunityCode}")).Read<JsonElement>();
        list.GetProperty("items")[0].GetProperty("stateName").GetString().ShouldBe("已取消认定");
    }

    [Fact]
    public async Task Rectification_CommunityFindsItFromWorkInOneTap_Reports_DistrictSendsBack_ThenAccepts()
    {
        var round = await Round.StartAsync(app, "110113");
        var code = round.CommunityCode;
        var taskId = await VetoAsync(round);
        var community = await Browserless.SignInAsync(app, await UserNameOf(code, ProgrammeRole.Community));

        var (_, work) = await community.GetAsync("/work");
        var href = work.QuerySelector("[data-testid=own-task-link]")!.GetAttribute("href")!;
        href.ShouldBe($"/rectifications/{taskId}");

        // An empty report is refused beside the field.
        var (status, page) = await community.SubmitAsync(href, "form#report", new() { ["Report"] = "" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=Report]")!.TextContent.ShouldContain("请填写整改情况");

        (status, _) = await community.SubmitAsync(href, "form#report", new() { ["Report"] = "已恢复24小时卡口值守并排班到人", ["Evidence"] = "值守排班表（社区档案 2022-17）" });
        status.ShouldBe(HttpStatusCode.Redirect);
        (await StateOf(round, taskId)).ShouldBe(RectificationState.Reported);

        // The street sees it, read only.
        var street = await Browserless.SignInAsync(app, await UserNameOf(code[..9], ProgrammeRole.Street));
        var (_, streetWork) = await street.GetAsync("/work");
        streetWork.QuerySelector("[data-testid=todo-rectification-reported] .display-6")!.TextContent.Trim().ShouldBe("1");
        var (streetStatus, streetView) = await street.GetAsync(href);
        streetStatus.ShouldBe(HttpStatusCode.OK);
        streetView.QuerySelector("[data-testid=report]")!.TextContent.ShouldContain("已恢复24小时卡口值守");
        streetView.QuerySelectorAll("form#report, form#accept, form#send-back").ShouldBeEmpty();

        var district = await Browserless.SignInAsync(app, await UserNameOf(code[..6], ProgrammeRole.District));
        (status, page) = await district.SubmitAsync(href, "form#send-back", new() { ["ReturnReason"] = "" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=ReturnReason]")!.TextContent.ShouldContain("请填写退回理由");

        var name = await NameOf(code);
        (status, page) = await district.SubmitAsync(href, "form#send-back", new() { ["ReturnReason"] = "夜间排班表未附" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldStartWith($"将退回 {name} 的整改报告（第 1 次退回），继续整改，期限 ");
        (await StateOf(round, taskId)).ShouldBe(RectificationState.Reported); // not until confirmed
        (status, _) = await district.ConfirmAsync(page);
        status.ShouldBe(HttpStatusCode.Redirect);
        (await StateOf(round, taskId)).ShouldBe(RectificationState.Open);
        (await district.GetAsync(href)).Document.QuerySelector("[role=status]")!.TextContent.ShouldStartWith($"已退回继续整改：{name} 第 1 次退回");

        (status, _) = await community.SubmitAsync(href, "form#report", new() { ["Report"] = "补充夜间排班表" });
        status.ShouldBe(HttpStatusCode.Redirect);
        (status, page, var asked) = await district.SubmitConfirmedAsync(href, "form#accept", new() { ["Comment"] = "现场复核属实" });
        asked.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldContain($"将验收通过 {name} 的整改，结束整改任务，消除此前记录的 1 项一票否决事项");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await StateOf(round, taskId)).ShouldBe(RectificationState.Accepted);
        var (_, done) = await district.GetAsync(href);
        done.QuerySelector("[role=status]")!.TextContent.ShouldBe($"已验收通过：{name} 的整改任务已结束，1 项一票否决事项已消除，可以重新申报；已发出整改验收合格通知书");
        done.QuerySelector("[data-testid=state]")!.TextContent.ShouldContain("验收通过");
    }

    [Fact]
    public async Task Rectification_OnAStalePage_SaysSo_AndChangesNothing()
    {
        var round = await Round.StartAsync(app, "110113");
        var taskId = await VetoAsync(round);
        var community = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));
        var (_, stale) = await community.GetAsync($"/rectifications/{taskId}");
        var version = stale.QuerySelector("form#report input[name=Version]")!.GetAttribute("value")!;
        await (await round.Community.PostAsJsonAsync($"/api/v1/rectifications/{taskId}/report", new { report = "已整改" }, Json)).ShouldBe(HttpStatusCode.OK);
        await (await round.District.PostAsJsonAsync($"/api/v1/rectifications/{taskId}/return", new { comment = "不完整" }, Json)).ShouldBe(HttpStatusCode.OK);

        using var response = await community.Client.PostAsync($"/rectifications/{taskId}?handler=Report", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = version,
            ["Report"] = "旧页面上的报告",
            ["__RequestVerificationToken"] = stale.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("已被他人更新");
        (await StateOf(round, taskId)).ShouldBe(RectificationState.Open);
    }

    [Fact]
    public async Task Rectification_PastItsDeadline_IsHighlighted_AndCountedOnWork()
    {
        var round = await Round.StartAsync(app, "110114");
        var taskId = await VetoAsync(round);
        var before = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromDays(DynamicRules.DefaultRectificationDays + 2));
        try
        {
            var district = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode[..6], ProgrammeRole.District)); // after the jump: a session expires
            var (_, list) = await district.GetAsync("/rectifications?state=Open");
            var row = list.QuerySelectorAll("[data-testid=rectifications] tbody tr").Single(r => r.InnerHtml.Contains(taskId.ToString()));
            row.GetAttribute("data-overdue").ShouldBe("true");
            row.TextContent.ShouldContain("已逾期");
            var (_, work) = await district.GetAsync("/work");
            work.QuerySelector("[data-testid=todo-rectification-overdue]")!.TextContent.ShouldContain("已逾期");
        }
        finally
        {
            app.Clock.Set(before);
        }
    }

    [Fact]
    public async Task OutOfScopeIds_AreFriendly404s()
    {
        var round = await Round.StartAsync(app, "110115");
        var taskId = await VetoAsync(round);
        var vetoId = (await (await round.District.GetAsync($"/api/v1/vetoes?community={round.CommunityCode}")).Read<JsonElement>()).GetProperty("items")[0].GetProperty("id").GetGuid();
        var chaoyang = await Browserless.SignInAsync(app, "district2");
        foreach (var url in new[] { $"/vetoes/{vetoId}", $"/rectifications/{taskId}", $"/communities/{round.CommunityCode}/story" })
        {
            var (status, page) = await chaoyang.GetAsync(url);
            status.ShouldBe(HttpStatusCode.NotFound, url);
            page.QuerySelector("main h1")!.TextContent.ShouldBe("找不到页面");
        }
        // A post against an out-of-scope task is a 404 too, and changes nothing.
        var (_, own) = await chaoyang.GetAsync("/rectifications");
        using var response = await chaoyang.Client.PostAsync($"/rectifications/{taskId}?handler=SendBack", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ReturnReason"] = "越权",
            ["__RequestVerificationToken"] = own.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StateOf(round, taskId)).ShouldBe(RectificationState.Open);

        // Another community cannot read this one's task either.
        var other = await app.FreshCommunityAsync("110115");
        await app.AsAsync(ProgrammeRole.Community, other);
        var neighbour = await Browserless.SignInAsync(app, await UserNameOf(other, ProgrammeRole.Community));
        (await neighbour.GetAsync($"/rectifications/{taskId}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnnulAndRestore_ThroughThePages_PutsTheCommunityBackOnThePublicList()
    {
        var round = await Round.StartAsync(app, "110112");
        var code = round.CommunityCode;
        var granted = await PublishAsync(round);
        await VetoAsync(round);
        var vetoId = (await (await round.City.GetAsync($"/api/v1/vetoes?community={code}")).Read<JsonElement>()).GetProperty("items")[0].GetProperty("id").GetGuid();
        var name = await NameOf(code);
        var anonymous = Browserless.Anonymous(app);
        (await ListedAsync(anonymous, "110112")).ShouldNotContain(name);

        var city = await Browserless.SignInAsync(app, "city");
        var (status, page) = await city.SubmitAsync($"/vetoes/{vetoId}", "form:has(textarea[name=Reason])", new() { ["Reason"] = "" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=Reason]")!.TextContent.ShouldContain("请填写撤销理由");

        (status, page) = await city.SubmitAsync($"/vetoes/{vetoId}", "form:has(textarea[name=Reason])", new() { ["Reason"] = "报道所指为相邻小区，记录有误" });
        status.ShouldBe(HttpStatusCode.OK);
        var asked = page.QuerySelector("[data-testid=consequences]")!.TextContent;
        asked.ShouldContain($"将撤销 {name} 的否决事项“卡口点位被市级部门检查通报（市卫健委检查通报）”");
        asked.ShouldContain("取消了认定、整改任务尚未完成，这些不会自动恢复，将列入重新评定");
        asked.ShouldContain($"在作出恢复决定前，{name} 仍不在公开名单上");
        (await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Single(v => v.Id == vetoId).AnnulledAtUtc))).ShouldBeNull(); // not until confirmed
        (status, _) = await city.ConfirmAsync(page);
        status.ShouldBe(HttpStatusCode.Redirect);
        (await city.GetAsync($"/vetoes/{vetoId}")).Document.QuerySelector("[role=status]")!.TextContent.ShouldStartWith("已撤销否决事项：");

        var district = await Browserless.SignInAsync(app, await UserNameOf(code[..6], ProgrammeRole.District));
        var (_, work) = await district.GetAsync("/work");
        int.Parse(work.QuerySelector("[data-testid=todo-re-evaluation] .display-6")!.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        var (_, queue) = await district.GetAsync("/re-evaluations");
        var link = queue.QuerySelectorAll("[data-testid=re-evaluations] a").First(a => a.TextContent == name).GetAttribute("href")!;
        var (_, item) = await district.GetAsync(link);
        item.QuerySelector("[data-testid=detail]")!.TextContent.ShouldContain("记录有误");
        // Whoever decides sees what the district found when the title was granted, and reaches that application in one tap.
        var caseNumber = (await (await round.District.GetAsync($"/api/v1/applications/{granted}")).Read<JsonElement>()).GetProperty("caseNumber").GetString();
        item.QuerySelector("[data-testid=application-behind] h2")!.TextContent.ShouldBe("认定所依据的区级评定");
        var caseLink = item.QuerySelector("[data-testid=application-case]")!;
        caseLink.TextContent.ShouldBe(caseNumber);
        caseLink.GetAttribute("href").ShouldBe($"/applications/{granted}");
        item.QuerySelector("[data-testid=application-findings]")!.TextContent.ShouldBe("现场复核意见：现场复核属实");
        item.QuerySelector("[data-testid=decide-Restore]").ShouldNotBeNull();
        item.QuerySelector("[data-testid=decide-Revoke]").ShouldBeNull(); // an annulled veto is restored or kept

        (status, page) = await district.SubmitAsync(link, "form#decide", new() { ["Decision"] = "Restore", ["Comment"] = "" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=Comment]")!.TextContent.ShouldContain("请填写");

        (status, page) = await district.SubmitAsync(link, "form#decide", new() { ["Decision"] = "Restore", ["Comment"] = "否决事项已撤销，恢复认定" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldBe($"将恢复 {name} 的无疫社区认定，立即重新列入公开名单，撤销因否决事项下达的整改任务");
        (await ListedAsync(anonymous, "110112")).ShouldNotContain(name); // not until confirmed
        (status, _) = await district.ConfirmAsync(page);
        status.ShouldBe(HttpStatusCode.Redirect);
        (await district.GetAsync(link)).Document.QuerySelector("[role=status]")!.TextContent
            .ShouldBe($"已恢复原状：{name} 的认定已恢复，已重新列入公开名单，整改任务已撤销");
        (await ListedAsync(anonymous, "110112")).ShouldContain(name);
        var (_, adjustments) = await anonymous.GetAsync("/public/adjustments");
        adjustments.QuerySelectorAll("[data-testid=adjustments] tbody tr").Where(r => r.TextContent.Contains(name)).Select(r => r.QuerySelector(".badge")!.TextContent)
            .ShouldBe(["取消认定", "恢复认定"], ignoreOrder: true); // the test clock stands still: both happen at the same instant
        var (_, publicPage) = await anonymous.GetAsync($"/public/communities/{code}");
        publicPage.QuerySelector("[data-testid=public-status]")!.TextContent.ShouldContain("已认定为");
    }

    [Fact]
    public async Task PassMark_City_ShowsHowManyWereQueued_AndRefusesAValueAboveTheTotal()
    {
        var city = await Browserless.SignInAsync(app, "city");
        var (status, page) = await city.SubmitAsync("/pass-marks", "form#pass-mark", new() { ["Value"] = "150", ["EffectiveFrom"] = Today, ["Reason"] = "形势变化" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=Value]")!.TextContent.ShouldContain("不超过总分");

        var tomorrow = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).AddDays(1).ToString("yyyy-MM-dd");
        var (confirmStatus, confirmation) = await city.SubmitAsync("/pass-marks", "form#pass-mark", new() { ["Value"] = "85", ["EffectiveFrom"] = tomorrow, ["Reason"] = "维持 85 分，重新公布" });
        confirmStatus.ShouldBe(HttpStatusCode.OK);
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldStartWith("达标线仍为 85 分：0 个已认定社区（村）将进入重新评定。");
        (status, _) = await city.ConfirmAsync(confirmation);
        status.ShouldBe(HttpStatusCode.Redirect);
        var (_, after) = await city.GetAsync("/pass-marks?queued=0");
        after.QuerySelector("[data-testid=queued]")!.TextContent.ShouldContain("0");
        after.QuerySelector("[data-testid=changes]")!.TextContent.ShouldContain("维持 85 分");

        var district = await Browserless.SignInAsync(app, "district");
        (await district.GetAsync("/pass-marks")).Status.ShouldBe(HttpStatusCode.Redirect); // to the access-denied page
    }

    /// <summary>Files and publishes the round's application: the community's title stands.</summary>
    private static async Task<Guid> PublishAsync(Round round)
    {
        var id = await round.FiledAsync();
        await (await round.City.PostAsync("/api/v1/batches", JsonContent.Create(new { applicationIds = new[] { id } }))).ShouldBe(HttpStatusCode.Created);
        return id;
    }

    /// <summary>Records a veto through the API; returns the rectification task it opened.</summary>
    private async Task<Guid> VetoAsync(Round round)
    {
        await (await round.District.PostAsJsonAsync("/api/v1/vetoes", new
        {
            communityCode = round.CommunityCode,
            kind = "InspectionNotice",
            occurredAt = app.Clock.GetUtcNow().AddHours(-2),
            source = "市卫健委检查通报",
            description = "卡口“四件套”查验不落实",
        }, Json)).ShouldBe(HttpStatusCode.Created);
        var tasks = await (await round.District.GetAsync($"/api/v1/rectifications?community={round.CommunityCode}")).Read<JsonElement>();
        return tasks.GetProperty("items")[0].GetProperty("id").GetGuid();
    }

    private static async Task<RectificationState> StateOf(Round round, Guid taskId) =>
        Enum.Parse<RectificationState>((await (await round.District.GetAsync($"/api/v1/rectifications/{taskId}")).Read<JsonElement>()).GetProperty("state").GetString()!);

    private static async Task<List<string>> ListedAsync(Browserless anonymous, string district) =>
        (await anonymous.GetAsync($"/public?district={district}")).Document.QuerySelectorAll("[data-testid=certified-list] a").Select(a => a.TextContent).ToList();

    private Task<string> NameOf(string code) => app.WithDbAsync(db => Task.FromResult(db.Divisions.Single(d => d.Code == code).Name));

    private Task<string> UserNameOf(string division, ProgrammeRole role) =>
        app.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.DivisionCode == division && u.Role == role).OrderBy(u => u.UserName).Select(u => u.UserName!).First()));
}

public sealed class DynamicPageTests_Sqlite(SqliteApp app) : DynamicPageTests(app), IClassFixture<SqliteApp>;

public sealed class DynamicPageTests_Postgres(PostgresApp app) : DynamicPageTests(app), IClassFixture<PostgresApp>;
