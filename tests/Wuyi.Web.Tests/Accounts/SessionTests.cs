using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>Sessions: cookie attributes, idle and absolute limits, and revocation within a minute on every node.</summary>
public abstract class SessionTests(WuyiApp app)
{
    [Fact]
    public async Task SignInCookie_IsHostPrefixed_Secure_HttpOnly_Lax_AndAntiforgeryToo()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = WuyiApp.BaseAddress });
        using var form = await client.GetAsync("/account/login");
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Wuyi.Antiforgery=", StringComparison.Ordinal));
        var antiforgery = antiforgeryCookie.ToLowerInvariant();
        antiforgery.ShouldContain("; secure");
        antiforgery.ShouldContain("; httponly");
        antiforgery.ShouldContain("; samesite=strict");
        antiforgery.ShouldContain("; path=/");
        antiforgery.ShouldNotContain("domain=");

        var html = await form.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "street", ["Password"] = DemoAccounts.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        using var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Wuyi=", StringComparison.Ordinal)).ToLowerInvariant();
        session.ShouldContain("; secure");
        session.ShouldContain("; httponly");
        session.ShouldContain("; samesite=lax");
        session.ShouldContain("; path=/");
        session.ShouldNotContain("domain=");
        session.ShouldNotContain("expires="); // a session cookie: gone with the browser
    }

    [Fact]
    public async Task Disabling_EndsTheOldCookieAndTheOldToken_WithinAMinute()
    {
        var name = NewUserName("revoke");
        await CreateAsync(app, name);
        var browser = await Browserless.SignInAsync(app, name);
        var api = await BearerAsync(app, name);
        (await browser.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await AdministerAsync(app, name, (a, u) => a.DisableAsync(u));
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        var (status, _) = await browser.GetAsync("/work");
        status.ShouldBe(HttpStatusCode.Redirect); // to the sign-in page
        await (await api.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangingTheRole_EndsTheOldToken_AndTheCookieCarriesTheNewRoleWithinAMinute()
    {
        var name = NewUserName("role");
        await CreateAsync(app, name, ProgrammeRole.District, "110108");
        var browser = await Browserless.SignInAsync(app, name);
        var api = await BearerAsync(app, name);

        await AdministerAsync(app, name, (a, u) => a.ChangeRoleAsync(u, ProgrammeRole.Street, "110108001"));
        await (await api.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized); // a token is checked on every request
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await browser.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.Redirect); // the stamp changed: sign in again
        var again = await BearerAsync(app, name);
        (await (await again.GetAsync("/api/v1/me")).Read<JsonElement>()).GetProperty("role").GetString().ShouldBe("Street");
    }

    [Fact]
    public async Task SigningOut_EndsACopiedCookie_AndTheTokens_WithinAMinute()
    {
        var name = NewUserName("logout");
        await CreateAsync(app, name);
        var browser = await Browserless.SignInAsync(app, name);
        var copy = new Browserless(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = WuyiApp.BaseAddress }));
        copy.Client.DefaultRequestHeaders.Add("Cookie", await Browserless.SignInCookieAsync(app, name)); // a session cookie held elsewhere
        var api = await BearerAsync(app, name);
        (await copy.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.OK);

        (await browser.SubmitAsync("/work", "form[action='/account/logout']", new())).Status.ShouldBe(HttpStatusCode.Redirect);
        await (await api.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await copy.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.Redirect);

        var other = await BearerAsync(app, name);
        (await other.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await other.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cookie_EndsAfter30IdleMinutes()
    {
        var browser = await Browserless.SignInAsync(app, "street");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await browser.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Cookie_SlidesWhileUsed_ButEndsAfter12Hours()
    {
        var browser = await Browserless.SignInAsync(app, "district");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            (await browser.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.OK, $"still active after {elapsed}");
        }
        app.Clock.Advance(TimeSpan.FromMinutes(40)); // past 12 hours since the sign-in, 20 minutes since the last use
        (await browser.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task BearerToken_Lasts30Minutes_AndRefreshingStopsAt12Hours()
    {
        var client = app.CreateClient();
        var first = await (await TokenAsync(client, "city", DemoAccounts.Password)).Read<JsonElement>();
        first.GetProperty("expiresIn").GetInt32().ShouldBe(30 * 60);
        var refresh = first.GetProperty("refreshToken").GetString();
        for (var i = 0; i < 27; i++) // 27 × 25 minutes = 11 h 15 min
        {
            app.Clock.Advance(TimeSpan.FromMinutes(25));
            var next = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh })).Read<JsonElement>();
            refresh = next.GetProperty("refreshToken").GetString();
        }
        app.Clock.Advance(TimeSpan.FromMinutes(50));
        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ARefreshToken_WorksOnce_AndComingBack_EndsEveryTokenOfThatSignIn()
    {
        var name = NewUserName("rotate");
        await CreateAsync(app, name);
        var client = app.CreateClient();
        var first = await (await TokenAsync(client, name, DemoAccounts.Password)).Read<JsonElement>();
        var other = await (await TokenAsync(client, name, DemoAccounts.Password)).Read<JsonElement>(); // another sign-in, another family

        var second = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.GetProperty("refreshToken").GetString() })).Read<JsonElement>();
        var latest = Bearer(second.GetProperty("accessToken").GetString()!);
        await (await latest.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        // The first refresh token again (a copy): refused, and the family ends — the newest tokens too.
        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.GetProperty("refreshToken").GetString() })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.GetProperty("refreshToken").GetString() })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await latest.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized);
        (await app.TrailAsync()).ShouldContain(r => r.Action == "POST /api/v1/auth/refresh" && r.ProblemCode == "refresh-token-reused");

        // The account's other sign-in goes on.
        await (await Bearer(other.GetProperty("accessToken").GetString()!).GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = other.GetProperty("refreshToken").GetString() })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private HttpClient Bearer(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    [Fact]
    public async Task BearerToken_IsRefusedAfter30Minutes()
    {
        var api = await BearerAsync(app, "street");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await api.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized);
    }
}

public sealed class SessionTests_Sqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionTests_Postgres(PostgresApp app) : SessionTests(app), IClassFixture<PostgresApp>;
