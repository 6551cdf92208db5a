using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Security;

/// <summary>
/// No stack trace, exception name or SQL ever reaches a response: malformed input, and a real database failure
/// (a table gone under the running app), on an API route and on a page. The fixture is this class's own: the
/// table is put back after the test.
/// </summary>
public abstract class ErrorLeakTests(WuyiApp app)
{
    private static readonly string[] Leaks =
        ["Exception", "   at ", "Stack", "SELECT", "FROM \"", "HotlineComplaints", "Npgsql", "SQLite", "Microsoft.", "System.",
         "Wuyi.", ".NET", "could not be", "Path: $"];

    [Fact]
    public async Task MalformedInput_OnTheApiAndOnAPage_SaysSoInChinese_AndNothingElse()
    {
        var community = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110111"));
        var json = await community.PostAsync("/api/v1/applications", new StringContent("{\"scores\": {\"A1\": \"十\"", Encoding.UTF8, "application/json"));
        await NoLeak(json, HttpStatusCode.BadRequest);
        (await json.Content.ReadAsStringAsync()).ShouldContain("JSON");

        var huge = await community.PostAsync("/api/v1/applications", new StringContent("{\"scores\": {\"A1\": 1e400}}", Encoding.UTF8, "application/json"));
        await NoLeak(huge, HttpStatusCode.BadRequest);

        // A form post with a score that is not a number: the page again, with the reason beside the field.
        var district = await app.CreateAccountAsync(ProgrammeRole.District, "110111");
        var form = await Browserless.SignInAsync(app, district);
        var (_, vetoForm) = await form.GetAsync("/vetoes/new");
        var token = vetoForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var page = await form.Client.PostAsync("/vetoes/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["CommunityCode"] = "'; DROP TABLE \"Vetoes\"; --",
            ["Kind"] = "不是种类",
            ["OccurredOn"] = "2022-13-45",
            ["RectificationDeadline"] = "明天",
        }));
        (await NoLeak(page, HttpStatusCode.OK)).ShouldContain("id=\"veto\""); // the form again
    }

    [Theory]
    [InlineData("/api/v1/scales", "{\"a\":", "scale-invalid")]
    [InlineData("/api/v1/scales", "{\"a\": 1}", "scale-invalid")]
    [InlineData("/api/v1/pass-marks", "{\"a\":", "body-invalid")]
    [InlineData("/api/v1/pass-marks", "{\"value\": \"八十\"}", "body-invalid")]
    [InlineData("/api/v1/pass-marks", "[1, 2]", "body-invalid")]
    public async Task AMalformedJsonBody_IsABodyProblemInChinese_WithoutTypeOrMemberNames(string url, string body, string code)
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");

        using var response = await city.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await NoLeak(response, HttpStatusCode.BadRequest);
        var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("detail").GetString()!.ShouldMatch("[\u4E00-\u9FFF]");
    }

    [Fact]
    public async Task ADatabaseFailure_OnTheApiAndOnAPage_ShowsAFriendlyError_WithoutSqlOrStack()
    {
        var userName = await app.CreateAccountAsync(ProgrammeRole.Street, "110111001");
        var street = await app.SignInAsync(userName);
        var browser = await Browserless.SignInAsync(app, userName);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"HotlineComplaints\" RENAME TO \"HotlineComplaintsGone\""));
        try
        {
            var api = await street.GetAsync("/api/v1/hotline/complaints");
            var problem = await NoLeak(api, HttpStatusCode.InternalServerError);
            problem.ShouldContain("服务器内部错误");

            using var page = await browser.Client.GetAsync("/hotline");
            var html = await NoLeak(page, HttpStatusCode.InternalServerError);
            html.ShouldContain("出错了");
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"HotlineComplaintsGone\" RENAME TO \"HotlineComplaints\""));
        }
    }

    private static async Task<string> NoLeak(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        foreach (var leak in Leaks)
            body.ShouldNotContain(leak, Case.Sensitive, $"the response shows “{leak}”: {body}");
        return body;
    }
}

public sealed class ErrorLeakTests_Sqlite(SqliteApp app) : ErrorLeakTests(app), IClassFixture<SqliteApp>;

public sealed class ErrorLeakTests_Postgres(PostgresApp app) : ErrorLeakTests(app), IClassFixture<PostgresApp>;
