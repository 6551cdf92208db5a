using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Hotline.HotlineFiles;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// The 12345 pages over HTTP: a district imports through the form (a bad row refuses the whole file and lists it beside
/// the form; the valid-rows choice imports the rest), the import record keeps the rejected rows and exports them with
/// formula cells neutralised, and a street reads its communities' 接诉即办 table. Districts 110116 and 110117 only.
/// </summary>
public abstract class HotlinePageTests(WuyiApp app)
{
    private async Task<Browserless> SignInAsync(ProgrammeRole role, string division)
    {
        await app.AsAsync(role, division);
        var userName = await app.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.DivisionCode == division && u.Role == role)
            .OrderByDescending(u => u.UserName).Select(u => u.UserName!).First()));
        return await Browserless.SignInAsync(app, userName);
    }

    private static async Task<(HttpStatusCode Status, IDocument Page, string? Location)> UploadAsync(Browserless browser, byte[] file, bool skipInvalid)
    {
        var (_, form) = await browser.GetAsync("/hotline/import");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "Spreadsheet", "12345-6月.csv");
        if (skipInvalid) content.Add(new StringContent("true"), "SkipInvalid");
        using var response = await browser.Client.PostAsync("/hotline/import", content);
        var html = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html)), response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ImportForm_RefusesAFileWithABadRow_ListsIt_ThenImportsTheValidRowsWhenChosen()
    {
        var code = await app.FreshCommunityAsync("110116");
        var district = await SignInAsync(ProgrammeRole.District, "110116");
        var rows = new[] { Row($"{code}-p1", code, 10, answeredAfterHours: 30), Row($"{code}-p2", code, 11).Replace(",是,", ",不知道,"), Row($"{code}-p3", code, 12) };

        var (status, page, _) = await UploadAsync(district, Csv(rows), skipInvalid: false);
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=refused]")!.TextContent.ShouldContain("未导入任何数据");
        var rejected = page.QuerySelectorAll("[data-testid=rejections] tbody tr").ShouldHaveSingleItem().TextContent;
        rejected.ShouldContain("第 3 行");
        rejected.ShouldContain("是否涉疫");

        var (done, _, location) = await UploadAsync(district, Csv(rows), skipInvalid: true);
        done.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldStartWith("/hotline/imports/");
        var (_, record) = await district.GetAsync(location!);
        record.QuerySelector("[data-testid=import]")!.TextContent.ShouldContain("新增 2 条");
        record.QuerySelector("[data-testid=rejections]")!.TextContent.ShouldContain($"{code}-p2");

        var csv = await district.Client.GetStringAsync(location + "?handler=csv");
        csv.ShouldContain($"\"{code}-p2\"");
        csv.ShouldContain("\"是否涉疫\"");
    }

    [Fact]
    public async Task ImportForm_WithoutAFile_SaysSoBesideTheField_AndAStreetCannotOpenIt()
    {
        var district = await SignInAsync(ProgrammeRole.District, "110117");
        var (_, form) = await district.GetAsync("/hotline/import");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await district.Client.PostAsync("/hotline/import", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        page.QuerySelector("[data-testid=file-error]")!.TextContent.ShouldContain("请选择");

        var street = await SignInAsync(ProgrammeRole.Street, "110117001");
        var (status, _) = await street.GetAsync("/hotline/import");
        status.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task AStreet_SeesItsCommunities_WithLateAnswersMarked_AndCanExportTheTable()
    {
        var code = await app.FreshCommunityAsync("110117");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        using (var content = new MultipartFormDataContent())
        {
            content.Add(new ByteArrayContent(Csv([Row($"{code}-s1", code, 10, answeredAfterHours: 30), Row($"{code}-s2", code, 11, followUp: "不满意")])), "file", "x.csv");
            (await city.PostAsync("/api/v1/hotline/imports", content)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var street = await SignInAsync(ProgrammeRole.Street, code[..9]);
        var (status, page) = await street.GetAsync("/hotline");
        status.ShouldBe(HttpStatusCode.OK);
        var row = page.QuerySelector($"[data-testid=appraisal] tr[data-code='{code}']")!;
        row.ClassList.ShouldContain("table-warning");
        row.QuerySelectorAll("td").Skip(1).Select(td => td.TextContent.Trim()).ShouldBe(["2", "2", "1", "1", "0"]);
        page.QuerySelector("[data-testid=complaints]")!.TextContent.ShouldContain("不及时");
        page.QuerySelector("[data-testid=import-link]").ShouldBeNull();

        var bytes = await street.Client.GetByteArrayAsync("/hotline?handler=csv");
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }); // so that Chinese Excel reads it as UTF-8
        var csv = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        csv.ShouldStartWith("\"区划代码\"");
        csv.ShouldContain($"\"{code}\"");

        var (other, _) = await street.GetAsync("/hotline/imports/" + Guid.NewGuid());
        other.ShouldBe(HttpStatusCode.NotFound);
    }
    [Fact]
    public async Task TheTemplate_HasTheColumnsThePageExplains_AndImportsAsItIs()
    {
        var district = await SignInAsync(ProgrammeRole.District, "110116");
        var (_, page) = await district.GetAsync("/hotline/import");
        var columns = page.QuerySelectorAll("[data-testid=columns] tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.TextContent);
        columns.Keys.ShouldBe(["工单编号", "受理时间", "社区编码", "街道（乡镇）", "社区（村）名称", "是否涉疫", "答复时限", "答复时间", "回访结果"]);
        columns["受理时间"].ShouldContain("必填");
        columns["受理时间"].ShouldContain("2022-06-01 09:30:00");
        columns["是否涉疫"].ShouldContain("是 或 否");
        columns["回访结果"].ShouldContain("满意、基本满意、不满意 或 未回访");
        page.QuerySelector("[data-testid=template-csv]")!.GetAttribute("href").ShouldBe("/hotline/import?handler=Template&format=csv");

        using var csvResponse = await district.Client.GetAsync("/hotline/import?handler=Template&format=csv");
        csvResponse.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var csv = await csvResponse.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        text.ShouldStartWith("\"工单编号\",\"受理时间\",\"社区编码\",\"街道（乡镇）\",\"社区（村）名称\",\"是否涉疫\",\"答复时限\",\"答复时间\",\"回访结果\"\r\n");
        var (status, _, location) = await UploadAsync(district, csv, skipInvalid: false);
        status.ShouldBe(HttpStatusCode.Redirect);
        var (_, record) = await district.GetAsync(location!);
        record.QuerySelector("[data-testid=import]")!.TextContent.ShouldContain("新增 2 条");

        var xlsx = await district.Client.GetByteArrayAsync("/hotline/import?handler=Template&format=xlsx");
        (status, _, location) = await UploadAsync(district, xlsx, skipInvalid: false);
        status.ShouldBe(HttpStatusCode.Redirect);
        (_, record) = await district.GetAsync(location!);
        record.QuerySelector("[data-testid=import]")!.TextContent.ShouldContain("未变 2 条"); // the same two example complaints
        (await district.Client.GetAsync("/hotline/import?handler=Template&format=pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheImportRecord_LinksToItsComplaints_AndToTheCommunitiesItTouched()
    {
        var code = await app.FreshCommunityAsync("110116");
        var district = await SignInAsync(ProgrammeRole.District, "110116");
        var (status, _, location) = await UploadAsync(district, Csv([Row($"{code}-r1", code, 5), Row($"{code}-r2", code, 6, epidemic: false)]), skipInvalid: false);
        status.ShouldBe(HttpStatusCode.Redirect);
        var id = location!.Split('/').Last();
        var (_, record) = await district.GetAsync(location);
        record.QuerySelector("[data-testid=import-complaints]")!.GetAttribute("href").ShouldBe($"/hotline?import={id}");
        var community = record.QuerySelector($"[data-testid=communities] tr[data-code='{code}']")!;
        community.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/communities/{code}/story");
        community.QuerySelectorAll("td").Skip(2).Take(2).Select(td => td.TextContent.Trim()).ShouldBe(["2", "1"]);
        community.QuerySelector("[data-testid=deduction]")!.TextContent.Trim().ShouldBe("0（未变）"); // answered on time and satisfied
        community.GetAttribute("data-changed").ShouldBe("false");

        var (_, list) = await district.GetAsync($"/hotline?import={id}");
        list.QuerySelector("[data-testid=import-filter]")!.TextContent.ShouldContain("这次导入");
        var numbers = list.QuerySelectorAll("[data-testid=complaints] tbody tr code").Select(c => c.TextContent).ToList();
        numbers.ShouldBe([$"{code}-r2", $"{code}-r1"], ignoreOrder: true);
    }

    [Fact]
    public async Task TheImportRecord_ShowsEachCommunitysDeductionBeforeAndAfter_ChangedFirst_OnThePageAndInTheApi()
    {
        var quiet = await app.FreshCommunityAsync("110117");
        var code = await app.FreshCommunityAsync("110117");
        string.CompareOrdinal(quiet, code).ShouldBeLessThan(0); // so that "changed first" is not merely the order of codes
        var district = await SignInAsync(ProgrammeRole.District, "110117");
        var api = await app.AsAsync(ProgrammeRole.District, "110117");

        // A late answer (1) and a dissatisfied follow-up (1): 0 → 2. The other community's complaint deducts nothing.
        var (status, _, location) = await UploadAsync(district, Csv([
            Row($"{code}-k1", code, 10, answeredAfterHours: 30),
            Row($"{code}-k2", code, 11, followUp: "不满意"),
            Row($"{quiet}-k1", quiet, 9, epidemic: false, answeredAfterHours: 48),
        ]), skipInvalid: false);
        status.ShouldBe(HttpStatusCode.Redirect);
        var first = location!;

        var (_, record) = await district.GetAsync(first);
        record.QuerySelector("[data-testid=deductions-changed]")!.TextContent.ShouldContain("扣分变化的社区 1 个");
        var rows = record.QuerySelectorAll("[data-testid=communities] tbody tr").ToList();
        rows.Select(r => r.GetAttribute("data-code")).ShouldBe([code, quiet]);
        rows[0].GetAttribute("data-changed").ShouldBe("true");
        rows[0].ClassList.ShouldContain("table-warning");
        rows[0].QuerySelector("[data-testid=deduction]")!.TextContent.ShouldContain("0 → 2");
        rows[0].QuerySelector("a")!.GetAttribute("href").ShouldBe($"/communities/{code}/story");
        rows[1].GetAttribute("data-changed").ShouldBe("false");
        rows[1].QuerySelector("[data-testid=deduction]")!.TextContent.Trim().ShouldBe("0（未变）");

        var view = await (await api.GetAsync("/api/v1/hotline/imports/" + first.Split('/').Last())).Read<JsonElement>();
        var communities = view.GetProperty("communities");
        communities.GetProperty("deductionsChanged").GetInt32().ShouldBe(1);
        communities.GetProperty("capped").GetBoolean().ShouldBeFalse();
        var changed = communities.GetProperty("rows")[0];
        changed.GetProperty("place").GetProperty("community").GetProperty("code").GetString().ShouldBe(code);
        changed.GetProperty("deductionBefore").GetDecimal().ShouldBe(0m);
        changed.GetProperty("deductionAfter").GetDecimal().ShouldBe(2m);
        changed.GetProperty("deductionChanged").GetBoolean().ShouldBeTrue();
        var unchanged = communities.GetProperty("rows")[1];
        (unchanged.GetProperty("deductionBefore").GetDecimal(), unchanged.GetProperty("deductionAfter").GetDecimal()).ShouldBe((0m, 0m));

        // The hotline answers k1 in time after all (−1) and a new complaint is late and dissatisfied (+2): 2 → 3, counted
        // from the version k1 had before this import overwrote it.
        var (again, _, second) = await UploadAsync(district, Csv([
            Row($"{code}-k1", code, 10, answeredAfterHours: 3),
            Row($"{code}-k3", code, 12, answeredAfterHours: 40, followUp: "不满意"),
        ]), skipInvalid: false);
        again.ShouldBe(HttpStatusCode.Redirect);
        var (_, next) = await district.GetAsync(second!);
        next.QuerySelector("[data-testid=deductions-changed]")!.TextContent.ShouldContain("扣分变化的社区 1 个");
        var row = next.QuerySelectorAll("[data-testid=communities] tbody tr").ShouldHaveSingleItem();
        row.QuerySelector("[data-testid=deduction]")!.TextContent.ShouldContain("2 → 3");
        var nextView = await (await api.GetAsync("/api/v1/hotline/imports/" + second!.Split('/').Last())).Read<JsonElement>();
        var nextRow = nextView.GetProperty("communities").GetProperty("rows")[0];
        (nextRow.GetProperty("deductionBefore").GetDecimal(), nextRow.GetProperty("deductionAfter").GetDecimal()).ShouldBe((2m, 3m));

        // The first import's record still tells what it did, though the second rewrote one of its complaints.
        var (_, old) = await district.GetAsync(first);
        old.QuerySelector($"[data-testid=communities] tr[data-code='{code}'] [data-testid=deduction]")!.TextContent.ShouldContain("0 → 2");

        // A street sees only its own communities, and counts only their changes.
        var otherStreet = await app.WithDbAsync(db => Task.FromResult(db.Divisions
            .Where(d => d.ParentCode == "110117" && d.Code != code.Substring(0, 9) && d.Code != quiet.Substring(0, 9)).Select(d => d.Code).First()));
        var elsewhere = await app.AsAsync(ProgrammeRole.Street, otherStreet);
        var scoped = await (await elsewhere.GetAsync("/api/v1/hotline/imports/" + first.Split('/').Last())).Read<JsonElement>();
        scoped.GetProperty("communities").GetProperty("deductionsChanged").GetInt32().ShouldBe(0);
        scoped.GetProperty("communities").GetProperty("rows").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task TheDefaultPeriod_EndsAtTheNewestComplaintOnRecord_NotAtTheServerClock()
    {
        var code = await app.FreshCommunityAsync("110117");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        using (var content = new MultipartFormDataContent())
        {
            content.Add(new ByteArrayContent(Csv([Row($"{code}-d1", code, 2), Row($"{code}-d2", code, 3)])), "file", "x.csv");
            (await city.PostAsync("/api/v1/hotline/imports", content)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        app.Clock.Advance(TimeSpan.FromDays(60)); // the data arrives late: the page still opens on it
        try
        {
            var community = await SignInAsync(ProgrammeRole.Community, code);
            var (_, page) = await community.GetAsync("/hotline");
            page.QuerySelector("input#to")!.GetAttribute("value").ShouldBe("2022-06-03");
            page.QuerySelector("input#from")!.GetAttribute("value").ShouldBe("2022-05-05");
            page.QuerySelectorAll("[data-testid=complaints] tbody tr code").Select(c => c.TextContent).ShouldBe([$"{code}-d2", $"{code}-d1"]);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromDays(-60));
        }
    }
}

public sealed class HotlinePageTests_Sqlite(SqliteApp app) : HotlinePageTests(app), IClassFixture<SqliteApp>;

public sealed class HotlinePageTests_Postgres(PostgresApp app) : HotlinePageTests(app), IClassFixture<PostgresApp>;
