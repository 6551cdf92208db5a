using System.Net;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>双因素认证: enrol an authenticator (key and QR code), then sign-in asks for the 6-digit code.</summary>
public abstract class TwoFactorTests(WuyiApp app)
{
    [Fact]
    public async Task Enrolment_ThenSignIn_AsksForTheCode_OnTheFormAndTheApi()
    {
        app.Clock.Set(DateTimeOffset.UtcNow); // TOTP codes are computed from the real time
        var name = NewUserName("totp");
        await CreateAsync(app, name);
        var browser = await Browserless.SignInAsync(app, name);

        var (_, enrol) = await browser.GetAsync("/account/two-factor");
        enrol.QuerySelector("svg").ShouldNotBeNull(); // the QR code, inline
        var key = enrol.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");
        (await browser.SubmitAsync("/account/two-factor", "form#two-factor", new() { ["Code"] = "000000" })).Document
            .QuerySelector("[data-valmsg-for=Code]")!.TextContent.ShouldContain("验证码不正确");
        (await browser.SubmitAsync("/account/two-factor", "form#two-factor", new() { ["Code"] = Totp(key) })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/account/two-factor")).Document.QuerySelector("[data-testid=two-factor-on]").ShouldNotBeNull();

        // The login form: the password alone leads to the code step; the code completes the sign-in.
        var next = Browserless.Anonymous(app);
        using (var step = await PostLoginAsync(next, name))
            step.Headers.Location!.OriginalString.ShouldStartWith("/account/login/two-factor");
        (await next.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.Redirect); // not signed in yet
        (await next.SubmitAsync("/account/login/two-factor", "form#two-factor", new() { ["Code"] = Totp(key) })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await next.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.OK);

        // The API: no code, a wrong code, the right code.
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "two-factor-required");
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, "123456")).Problem(HttpStatusCode.Unauthorized);
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, Totp(key))).ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(Browserless browser, string userName)
    {
        var (_, page) = await browser.GetAsync("/account/login");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await browser.Client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = DemoAccounts.Password,
            ["__RequestVerificationToken"] = token,
        }));
    }
}

public sealed class TwoFactorTests_Sqlite(SqliteApp app) : TwoFactorTests(app), IClassFixture<SqliteApp>;

public sealed class TwoFactorTests_Postgres(PostgresApp app) : TwoFactorTests(app), IClassFixture<PostgresApp>;
