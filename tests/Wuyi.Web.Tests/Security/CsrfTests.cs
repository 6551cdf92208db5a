using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Security;

/// <summary>
/// CSRF on the API: a call that rides on the sign-in cookie and may change state must carry the page's antiforgery
/// token in X-CSRF-TOKEN, or it is refused with a 400 problem in Chinese and nothing changes; bearer calls are exempt.
/// (Every page POST without its token is refused in <see cref="AuthorizationMatrixTests"/>.)
/// </summary>
public abstract class CsrfTests(WuyiApp app)
{
    [Fact]
    public async Task ACookieApiCall_WithoutTheToken_IsRefused_WithThePagesToken_Succeeds()
    {
        var round = await Round.StartAsync(app, "110107");
        var id = await round.DraftAsync();
        var browser = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));

        // The page's own JavaScript reads do not need it.
        (await browser.Client.GetAsync($"/api/v1/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Another site making the browser post: the cookie goes along, the token cannot.
        await (await browser.Client.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { }, Json))
            .ChineseProblem(HttpStatusCode.BadRequest, "antiforgery-token-invalid");
        await (await Send(browser, $"/api/v1/applications/{id}/submit", "not-a-token")).ChineseProblem(HttpStatusCode.BadRequest, "antiforgery-token-invalid");
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Draft);

        // The token of the page, as self-assessment.js sends it: the preview and a step go through.
        var (_, page) = await browser.GetAsync($"/applications/{id}/self-assessment");
        var token = page.QuerySelector("form#self-assessment input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await (await Send(browser, $"/api/v1/applications/{id}/preview", token, new { scores = Scores() })).ShouldBe(HttpStatusCode.OK);
        await (await Send(browser, $"/api/v1/applications/{id}/submit", token)).ShouldBe(HttpStatusCode.OK);
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Submitted);

        // A token is bound to its account: another account's token does not pass.
        var street = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode[..9], ProgrammeRole.Street));
        await (await Send(street, $"/api/v1/applications/{id}/recommend", token)).ChineseProblem(HttpStatusCode.BadRequest, "antiforgery-token-invalid");
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Submitted);

        // Bearer calls carry no cookie and need no token.
        await (await round.Street.Step(id, "recommend", new { comment = "推荐" })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheSelfAssessmentScript_SendsTheToken()
    {
        var script = await app.CreateClient().GetStringAsync("/js/self-assessment.js");
        script.ShouldContain("'X-CSRF-TOKEN'");
        script.ShouldContain("__RequestVerificationToken");
    }

    private static Task<HttpResponseMessage> Send(Browserless browser, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }, options: Json) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        return browser.Client.SendAsync(request);
    }

    private Task<string> UserNameOf(string division, ProgrammeRole role) =>
        app.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.DivisionCode == division && u.Role == role).OrderBy(u => u.UserName).Select(u => u.UserName!).First()));
}

public sealed class CsrfTests_Sqlite(SqliteApp app) : CsrfTests(app), IClassFixture<SqliteApp>;

public sealed class CsrfTests_Postgres(PostgresApp app) : CsrfTests(app), IClassFixture<PostgresApp>;
