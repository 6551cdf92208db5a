using System.Net;
using System.Net.Http.Headers;
using AngleSharp;
using AngleSharp.Dom;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Supervision.DutyRosterFiles;

namespace Wuyi.Web.Tests.Supervision;

/// <summary>
/// 值守排班 on the pages, without JavaScript: the community uploads its roster through the form (a bad file lists every
/// bad row beside it, nothing stored), the coverage table shows each gap plainly, the street's list shows the community's
/// gap days, and the district sees the coverage beside A1 while it scores.
/// </summary>
public abstract class DutyRosterPageTests(WuyiApp app)
{
    private static async Task<(HttpStatusCode Status, IDocument Page, string? Location)> UploadAsync(Browserless browser, string code, byte[] file, string name = "排班表.csv")
    {
        var (_, form) = await browser.GetAsync($"/communities/{code}/duty-roster");
        var token = form.QuerySelector("form[data-testid=upload] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "Roster", name);
        using var response = await browser.Client.PostAsync($"/communities/{code}/duty-roster", content);
        var html = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html)), response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task TheCommunity_UploadsThroughTheForm_SeesEveryBadRow_ThenTheGapPlainly()
    {
        var code = await app.FreshCommunityAsync("110113");
        var community = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, code));

        // /duty-roster is the community's own roster.
        var (redirect, _) = await community.GetAsync("/duty-roster");
        redirect.ShouldBe(HttpStatusCode.Redirect);

        var (refusedStatus, refused, _) = await UploadAsync(community, code, Csv([.. WithAGap, ["东门卡口", "2022-06-15", "14:00", "12:00", "张三"], ["", "2022-06-15", "17:00", "24:00", "赵六"]]));
        refusedStatus.ShouldBe(HttpStatusCode.OK);
        refused.QuerySelector("[data-testid=refused]")!.TextContent.ShouldContain("未导入任何排班");
        var rows = refused.QuerySelectorAll("[data-testid=problems] tbody tr").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("第 6 行");
        rows[0].ShouldContain("早于开始时间");
        rows[1].ShouldContain("第 7 行");
        rows[1].ShouldContain("缺少卡口名称");
        refused.QuerySelector("[data-testid=uploads]")!.TextContent.ShouldContain("还没有上报排班表");

        var (status, _, location) = await UploadAsync(community, code, Csv(WithAGap));
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldBe($"/communities/{code}/duty-roster?from=2022-06-13&to=2022-06-15");
        var (_, page) = await community.GetAsync(location!);
        page.QuerySelector(".alert-success, [role=status]")!.TextContent.ShouldContain("已上报 4 个班次");
        page.QuerySelector("[data-testid=roster-summary]")!.TextContent.ShouldContain("1 天全天覆盖，2 天有缺口（最长 20 小时）"); // nobody before 20:00 on the 13th
        var fifteenth = page.QuerySelector("[data-testid=days] tr[data-date='2022-06-15']")!;
        fifteenth.TextContent.ShouldContain("有缺口");
        fifteenth.QuerySelector("[data-testid=gap]")!.TextContent.ShouldContain("东门卡口：覆盖 70.8%，缺口 17:00–24:00（7 小时）");
        page.QuerySelector("[data-testid=days] tr[data-date='2022-06-14']")!.TextContent.ShouldContain("全天覆盖");
        page.QuerySelector("[data-testid=uploads]")!.TextContent.ShouldContain("排班表.csv");

        // The template downloads in both formats.
        (await community.Client.GetAsync($"/communities/{code}/duty-roster?handler=Template&format=xlsx")).Content.Headers.ContentType!.MediaType
            .ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var template = await (await community.Client.GetAsync($"/communities/{code}/duty-roster?handler=Template&format=csv")).Content.ReadAsStringAsync();
        template.ShouldContain("\"卡口名称\",\"日期\",\"开始时间\",\"结束时间\",\"值守人员\"");
    }

    [Fact]
    public async Task TheDistrict_SeesTheCoverageBesideA1_WhileScoring_AndTheStreetListsTheGapDays()
    {
        var round = await Round.StartAsync(app, "110113");
        var code = round.CommunityCode;
        await (await round.Community.UploadRoster(code, Csv(WithAGap))).ShouldBe(HttpStatusCode.OK);
        var id = await round.RecommendedAsync();

        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, code[..6]));
        var (status, page) = await district.GetAsync($"/evaluation/{id}");
        status.ShouldBe(HttpStatusCode.OK);
        var beside = page.QuerySelector("tr.indicator[data-code=A1] [data-testid=roster-coverage]")!;
        beside.TextContent.ShouldContain("排班覆盖：近30天 1 天全天覆盖，2 天有缺口（最长 20 小时），27 天无排班");
        beside.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/communities/{code}/duty-roster");
        page.QuerySelectorAll("[data-testid=roster-coverage]").Length.ShouldBe(1); // beside the hard indicator only

        // The detail it links to, read by the district.
        var (detailStatus, detail) = await district.GetAsync($"/communities/{code}/duty-roster?from=2022-06-15&to=2022-06-15");
        detailStatus.ShouldBe(HttpStatusCode.OK);
        detail.QuerySelector("[data-testid=gap]")!.TextContent.ShouldContain("17:00–24:00（7 小时）");
        detail.QuerySelector("form[data-testid=upload]").ShouldBeNull(); // only the community uploads

        // A community without any roster says so beside A1.
        var bare = await Round.StartAsync(app, "110113");
        var bareId = await bare.RecommendedAsync();
        var (_, barePage) = await district.GetAsync($"/evaluation/{bareId}");
        barePage.QuerySelector("[data-testid=roster-coverage]")!.TextContent.ShouldContain("近30天没有上报值守排班");

        var street = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, code[..9]));
        var (_, list) = await street.GetAsync($"/duty-roster?from=2022-06-14&to=2022-06-15");
        var line = list.QuerySelector($"[data-testid=communities] tr[data-code='{code}']")!;
        line.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ShouldBe(["" + line.QuerySelectorAll("td")[0].TextContent.Trim(), "1", "1", "0", "7 小时"]);
        var csv = await (await street.Client.GetAsync("/duty-roster?handler=csv&from=2022-06-14&to=2022-06-15")).Content.ReadAsStringAsync();
        csv.ShouldContain($"\"{code}\"");
    }
}

public sealed class DutyRosterPageTests_Sqlite(SqliteApp app) : DutyRosterPageTests(app), IClassFixture<SqliteApp>;

public sealed class DutyRosterPageTests_Postgres(PostgresApp app) : DutyRosterPageTests(app), IClassFixture<PostgresApp>;
