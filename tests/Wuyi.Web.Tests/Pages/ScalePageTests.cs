using System.Net;
using System.Net.Http.Headers;
using AngleSharp;
using AngleSharp.Dom;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 量表版本 (city): download the version in force, publish an edited one by upload; a bad file is refused beside the
/// field and changes nothing. Its own fixture: a published scale changes what later applications are scored under.
/// </summary>
public abstract class ScalePageTests(WuyiApp app)
{
    private async Task<Browserless> CityAsync()
    {
        await app.AsAsync(ProgrammeRole.City, "11");
        var userName = await app.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.DivisionCode == "11" && u.Role == ProgrammeRole.City)
            .OrderByDescending(u => u.UserName).Select(u => u.UserName!).First()));
        return await Browserless.SignInAsync(app, userName);
    }

    private static async Task<(HttpStatusCode Status, IDocument Page)> UploadAsync(Browserless browser, string definition)
    {
        var (_, form) = await browser.GetAsync("/scales");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(definition));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "Definition", "scale.json");
        using var response = await browser.Client.PostAsync("/scales", content);
        var html = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html)));
    }

    [Fact]
    public async Task TheCity_DownloadsTheVersionInForce_AndPublishesAnEditedOne()
    {
        var city = await CityAsync();
        var shipped = await city.Client.GetStringAsync("/scales?handler=download&id=beijing-2022-06");
        shipped.ShouldContain("\"passMark\": 85");

        var edited = shipped.Replace("\"id\": \"beijing-2022-06\"", "\"id\": \"beijing-2022-08\"")
            .Replace("\"effectiveFrom\": \"2022-06-14\"", "\"effectiveFrom\": \"2022-08-01\"");
        var (status, _) = await UploadAsync(city, edited);
        status.ShouldBe(HttpStatusCode.Redirect);
        var (_, list) = await city.GetAsync("/scales");
        list.QuerySelector("[data-testid=versions]")!.TextContent.ShouldContain("beijing-2022-08");

        // The same id again is refused: a version on record never changes.
        var (again, page) = await UploadAsync(city, edited);
        again.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=errors]")!.TextContent.ShouldContain("已存在");
    }

    [Fact]
    public async Task TheForm_StartsFromTheVersionInForce_SaysWhatPublishingWillDo_ChangesNothingUntilConfirmed()
    {
        // A standing title certified on full marks under the version in force.
        var round = await Round.StartAsync(app, "110117");
        var id = await round.FiledAsync();
        (await round.City.PostAsync("/api/v1/batches", System.Net.Http.Json.JsonContent.Create(new { applicationIds = new[] { id } }))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var city = await CityAsync();

        var (_, form) = await city.GetAsync("/scales/new");
        form.QuerySelector("#Form_Name")!.GetAttribute("value").ShouldBe("北京市无疫社区（村）创建工作量表");
        form.QuerySelector("#Form_PassMark")!.GetAttribute("value").ShouldBe("85");
        form.QuerySelectorAll("[data-testid^=indicator-]").Length.ShouldBe(14);
        form.QuerySelector("#ind-0-0-hard")!.HasAttribute("checked").ShouldBeTrue(); // A1, the hard indicator
        form.QuerySelector("[data-testid=form-total]")!.TextContent.ShouldContain("合计 100 分");

        // 添加指标 shows the form again with an empty indicator in part A, nothing published.
        var (_, more) = await city.SubmitAsync("/scales/new", "form#scale-form", new() { ["Form.Id"] = "beijing-2022-09" }, "addIndicator&part=0");
        more.QuerySelectorAll("[data-testid=part-0] [data-testid^=indicator-]").Length.ShouldBe(7);
        more.QuerySelector("#Form_Id")!.GetAttribute("value").ShouldBe("beijing-2022-09");

        // A2 gives a point to A3, the pass mark rises to 90: every standing title must be judged again under it.
        var tomorrow = Wuyi.Domain.Common.ProgrammeClock.DateOf(app.Clock.GetUtcNow()).AddDays(1);
        var fields = new Dictionary<string, string>
        {
            ["Form.Id"] = "beijing-2022-09", ["Form.EffectiveFrom"] = tomorrow.ToString("yyyy-MM-dd"), ["Form.PassMark"] = "90",
            ["Form.Parts[0].Indicators[1].Points"] = "9", ["Form.Parts[0].Indicators[2].Points"] = "6",
        };
        var standing = await app.WithDbAsync(db => Task.FromResult(db.Certifications.Count(c => c.ActiveForCommunity != null)));
        standing.ShouldBeGreaterThan(0);
        var (status, confirmation) = await city.SubmitAsync("/scales/new", "form#scale-form", fields);
        status.ShouldBe(HttpStatusCode.OK, confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldBe(
            $"将发布量表“北京市无疫社区（村）创建工作量表”（beijing-2022-09）：自 {tomorrow.Year}年{tomorrow.Month}月{tomorrow.Day}日 起用于新的申报，" +
            $"达标线 85 分 → 90 分，14 项指标，A2、A3 分值调整；{standing} 个已认定社区（村）按新版量表不达标或需重新评定，将进入重新评定");
        (await app.WithDbAsync(db => Task.FromResult(db.ScaleVersions.Count(v => v.Id == "beijing-2022-09")))).ShouldBe(0);
        (await app.WithDbAsync(db => Task.FromResult(db.ReEvaluations.Count()))).ShouldBe(0);

        var (confirmed, _) = await city.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        var (_, list) = await city.GetAsync("/scales");
        list.QuerySelector("[role=status]")!.TextContent.ShouldStartWith("已发布量表“北京市无疫社区（村）创建工作量表”（beijing-2022-09）");
        list.QuerySelector("[data-testid=versions]")!.TextContent.ShouldContain("beijing-2022-09");
        (await app.WithDbAsync(db => Task.FromResult(db.ReEvaluations.Count()))).ShouldBe(standing);
        var stored = await city.Client.GetStringAsync("/scales?handler=download&id=beijing-2022-09");
        stored.ShouldContain("\"passMark\": 90");
        stored.ShouldContain("坚持24小时卡口值守"); // readable Chinese, as the shipped file
    }

    [Fact]
    public async Task TheForm_RefusesWhatTheFileWouldBeRefusedFor_NamingEachFault_AndKeepsWhatWasTyped()
    {
        var city = await CityAsync();
        var tomorrow = Wuyi.Domain.Common.ProgrammeClock.DateOf(app.Clock.GetUtcNow()).AddDays(1).ToString("yyyy-MM-dd");
        var (status, page) = await city.SubmitAsync("/scales/new", "form#scale-form", new()
        {
            ["Form.Id"] = "beijing-2022-10", ["Form.EffectiveFrom"] = tomorrow,
            ["Form.Parts[0].Indicators[1].Points"] = "12", // part A now 52, the scale 102
            ["Form.Parts[0].Indicators[0].Hard"] = "false",
        });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=confirm-step]").ShouldBeNull();
        var errors = page.QuerySelector("[data-testid=errors]")!.TextContent;
        errors.ShouldContain("各部分分值合计 102 分，与总分 100 分不符");
        errors.ShouldContain("量表没有标明任何硬性指标");
        page.QuerySelector("#ind-0-1-points")!.GetAttribute("value").ShouldBe("12");
        (await app.WithDbAsync(db => Task.FromResult(db.ScaleVersions.Count(v => v.Id == "beijing-2022-10")))).ShouldBe(0);
    }

    [Fact]
    public async Task ABadFile_IsRefusedBesideTheField_AndADistrictCannotOpenThePage()
    {
        var city = await CityAsync();
        var (status, page) = await UploadAsync(city, "{ 不是量表 ");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=definition-error]")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        page.QuerySelector("[data-testid=versions]")!.TextContent.ShouldNotContain("不是量表");

        await app.AsAsync(ProgrammeRole.District, "110118");
        var userName = await app.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.DivisionCode == "110118").Select(u => u.UserName!).First()));
        var district = await Browserless.SignInAsync(app, userName);
        var (forbidden, _) = await district.GetAsync("/scales");
        forbidden.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
    }
}

public sealed class ScalePageTests_Sqlite(SqliteApp app) : ScalePageTests(app), IClassFixture<SqliteApp>;

public sealed class ScalePageTests_Postgres(PostgresApp app) : ScalePageTests(app), IClassFixture<PostgresApp>;
