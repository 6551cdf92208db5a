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
