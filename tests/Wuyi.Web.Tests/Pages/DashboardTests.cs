using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 统计分析 over HTTP: a community's row on its street's dashboard follows it through the round and its revocation;
/// each official sees only its own subtree; every table downloads as a workbook that validates and as CSV, and the
/// export is on record; the public statistics move on the very next request after a publication.
/// A street's dashboard has a row per community, so each test reads only the rows of its own fresh communities.
/// </summary>
public abstract class DashboardTests(WuyiApp app)
{
    private static async Task<JsonElement> FunnelRowAsync(HttpClient client, string code)
    {
        var dashboard = await client.GetFromJsonAsync<JsonElement>($"/api/v1/dashboards?within={code[..9]}", Infrastructure.Api.Json);
        dashboard.GetProperty("scope").GetProperty("unit").GetProperty("code").GetString().ShouldBe(code[..9]);
        return dashboard.GetProperty("funnel").EnumerateArray().Single(r => r.GetProperty("unit").GetProperty("code").GetString() == code).GetProperty("figures");
    }

    private static int Figure(JsonElement figures, string name) => figures.GetProperty(name).GetInt32();

    [Fact]
    public async Task ACommunitysRow_FollowsItThroughTheRound_AndItsRevocation()
    {
        var round = await Round.StartAsync(app, "110111");
        var before = await FunnelRowAsync(round.Street, round.CommunityCode);
        Figure(before, "communities").ShouldBe(1);
        foreach (var stage in new[] { "applied", "recommended", "approved", "filed", "certified", "revoked", "rectifying" })
            Figure(before, stage).ShouldBe(0, stage);

        await round.CertifiedAsync();
        var certified = await FunnelRowAsync(round.Street, round.CommunityCode);
        foreach (var stage in new[] { "applied", "recommended", "approved", "filed", "certified" })
            Figure(certified, stage).ShouldBe(1, stage);
        certified.GetProperty("coverage").GetDecimal().ShouldBe(1m);

        await round.District.VetoAsync(round.CommunityCode, VetoKind.InspectionNotice, app.Clock);
        var revoked = await FunnelRowAsync(round.District, round.CommunityCode);
        Figure(revoked, "certified").ShouldBe(0);
        Figure(revoked, "revoked").ShouldBe(1);
        Figure(revoked, "rectifying").ShouldBe(1);
        Figure(revoked, "filed").ShouldBe(1); // what happened stays counted: the funnel's stages are reached, not current
        revoked.GetProperty("coverage").GetDecimal().ShouldBe(0m);
    }

    [Fact]
    public async Task ARejectedCommunity_CountsAsNotApproved_UntilItPassesLater()
    {
        var round = await Round.StartAsync(app, "110111");
        var first = await round.RecommendedAsync();
        await (await round.District.Step(first, "reject", new { scores = Infrastructure.Api.Scores(), comment = "卡口值守记录不全，不予通过" })).ShouldBe(HttpStatusCode.OK);
        var rejected = await FunnelRowAsync(round.Street, round.CommunityCode);
        Figure(rejected, "notApproved").ShouldBe(1);
        Figure(rejected, "approved").ShouldBe(0);

        await round.ApprovedAsync();
        var passed = await FunnelRowAsync(round.Street, round.CommunityCode);
        Figure(passed, "notApproved").ShouldBe(0);
        Figure(passed, "approved").ShouldBe(1);
        Figure(passed, "applied").ShouldBe(1); // two applications, one community
    }

    [Fact]
    public async Task EachOfficial_SeesItsOwnSubtree_AndNothingElse()
    {
        var district = await app.AsAsync(ProgrammeRole.District, "110111");
        var own = await district.GetFromJsonAsync<JsonElement>("/api/v1/dashboards", Infrastructure.Api.Json);
        own.GetProperty("scope").GetProperty("unit").GetProperty("code").GetString().ShouldBe("110111");
        own.GetProperty("funnel").EnumerateArray().ShouldAllBe(r => r.GetProperty("unit").GetProperty("code").GetString()!.StartsWith("110111"));
        // Asking wider is the own node; asking elsewhere is nothing at all.
        (await district.GetFromJsonAsync<JsonElement>("/api/v1/dashboards?within=11", Infrastructure.Api.Json)).GetProperty("scope").GetProperty("unit").GetProperty("code").GetString().ShouldBe("110111");
        (await district.GetAsync("/api/v1/dashboards?within=110108")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await district.GetAsync("/api/v1/dashboards/tables/funnel?within=110108&format=csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var community = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110111"));
        (await community.GetAsync("/api/v1/dashboards")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/v1/dashboards")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheCityPage_DrillsDownDistrictToStreetToCommunity_WithATableUnderEveryChart()
    {
        var city = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.City, "11"));
        var (status, page) = await city.GetAsync("/dashboards");
        status.ShouldBe(HttpStatusCode.OK);
        var funnel = page.QuerySelector("[data-testid=table-funnel]")!;
        funnel.QuerySelectorAll("tbody tr").Length.ShouldBe(16); // Beijing's districts
        funnel.QuerySelector("thead")!.TextContent.ShouldContain("覆盖率");
        foreach (var key in new[] { "progress", "batches", "indicators", "hotline", "vetoes", "ages", "backlog" })
            page.QuerySelector($"[data-testid=section-{key}]").ShouldNotBeNull(key);
        page.QuerySelectorAll("[data-chart]").Length.ShouldBeGreaterThan(0);

        var haidian = funnel.QuerySelectorAll("tbody tr a").Single(a => a.TextContent == "海淀区").GetAttribute("href")!;
        haidian.ShouldBe("/dashboards?within=110108");
        var (_, district) = await city.GetAsync(haidian);
        district.QuerySelector("nav[aria-label=位置]")!.TextContent.ShouldContain("北京市");
        var street = district.QuerySelector("[data-testid=table-funnel] tbody tr a")!.GetAttribute("href")!;
        street.ShouldStartWith("/dashboards?within=110108");
        var (_, streetPage) = await city.GetAsync(street);
        streetPage.QuerySelector("[data-testid=table-funnel] tbody tr a")!.GetAttribute("href")!.ShouldMatch(@"^/communities/\d{12}/story$");
    }

    [Fact]
    public async Task EveryTable_DownloadsAsAValidWorkbook_AndAsCsv_AndTheExportIsOnRecord()
    {
        var userName = await app.CreateAccountAsync(ProgrammeRole.District, "110111");
        var district = await Browserless.SignInAsync(app, userName);
        var (_, page) = await district.GetAsync("/dashboards");
        var links = page.QuerySelectorAll("a[data-testid^=xlsx-]").Select(a => a.GetAttribute("href")!).ToList();
        links.Count.ShouldBe(8); // funnel, progress, batches, indicators, hotline, vetoes, ages, backlog
        foreach (var link in links)
        {
            using var response = await district.Client.GetAsync(link);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, link);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            using var workbook = SpreadsheetDocument.Open(stream, false);
            new OpenXmlValidator().Validate(workbook).ShouldBeEmpty(link);
            var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var header = sheet.Descendants<Row>().First().Descendants<Cell>().Select(c => c.InnerText).ToList();
            header.ShouldNotBeEmpty();
            header.ShouldAllBe(h => h.Any(ch => ch >= 0x4e00 && ch <= 0x9fff) || h.Length == 0 || h == "12345"); // Chinese headers
        }

        var csv = await district.Client.GetByteArrayAsync("/dashboards?handler=table&name=funnel&format=csv");
        csv.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(csv).ShouldContain("\"合计\"");

        (await district.Client.GetAsync("/dashboards?handler=table&name=nothing")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await district.Client.GetAsync("/dashboards?handler=table&name=funnel&format=pdf")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var exports = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.Unit == "110111" && r.Action.StartsWith("export ") && r.Action.Contains("/dashboards")).CountAsync());
        exports.ShouldBeGreaterThanOrEqualTo(links.Count + 1);
    }

    [Fact]
    public async Task TheApi_GivesEachTable_AsJsonCsvOrXlsx_WithABearerToken()
    {
        var district = await app.AsAsync(ProgrammeRole.District, "110111");
        var table = await district.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/tables/vetoes?format=json", Infrastructure.Api.Json);
        table.GetProperty("header").EnumerateArray().First().GetString().ShouldBe("类型");
        table.GetProperty("rows").GetArrayLength().ShouldBe(Enum.GetValues<VetoKind>().Length);
        using var csv = await district.GetAsync("/api/v1/dashboards/tables/vetoes?format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        using var bad = await district.GetAsync("/api/v1/dashboards/tables/vetoes?format=doc");
        await bad.ChineseProblem(HttpStatusCode.BadRequest, "export-format-invalid");
    }

    [Fact]
    public async Task PublicStatistics_CountACertifiedCommunity_OnTheVeryNextRequest()
    {
        var anonymous = Browserless.Anonymous(app);
        static int Certified(AngleSharp.Dom.IDocument page, string district) =>
            int.Parse(page.QuerySelectorAll("[data-testid=table-districts] tbody tr")
                .Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"/public?district={district}").Children[2].TextContent);

        var (status, before) = await anonymous.GetAsync("/public/statistics");
        status.ShouldBe(HttpStatusCode.OK);
        before.QuerySelectorAll("[data-testid=table-districts] tbody tr").Length.ShouldBe(16);
        var was = Certified(before, "110111");

        await (await Round.StartAsync(app, "110111")).CertifiedAsync();
        var (_, after) = await anonymous.GetAsync("/public/statistics");
        Certified(after, "110111").ShouldBe(was + 1);

        var workbook = await anonymous.Client.GetAsync("/public/statistics?handler=table&name=batches&format=xlsx");
        workbook.StatusCode.ShouldBe(HttpStatusCode.OK);
        workbook.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
}

public sealed class DashboardTests_Sqlite(SqliteApp app) : DashboardTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardTests_Postgres(PostgresApp app) : DashboardTests(app), IClassFixture<PostgresApp>;
