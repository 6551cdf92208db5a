using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
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
        var name = NewUserName("totp");
        await CreateAsync(app, name);
        var browser = await Browserless.SignInAsync(app, name);

        var (_, enrol) = await browser.GetAsync("/account/two-factor");
        enrol.QuerySelector("svg").ShouldNotBeNull(); // the QR code, inline
        var key = enrol.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");
        (await browser.SubmitAsync("/account/two-factor", "form#two-factor", new() { ["Code"] = "000000" })).Document
            .QuerySelector("[data-valmsg-for=Code]")!.TextContent.ShouldContain("验证码不正确");
        (await browser.SubmitAsync("/account/two-factor", "form#two-factor", new() { ["Code"] = Totp(app, key) })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/account/two-factor")).Document.QuerySelector("[data-testid=two-factor-on]").ShouldNotBeNull();

        // The login form: the password alone leads to the code step; the code completes the sign-in.
        var next = Browserless.Anonymous(app);
        using (var step = await PostLoginAsync(next, name))
            step.Headers.Location!.OriginalString.ShouldStartWith("/account/login/two-factor");
        (await next.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.Redirect); // not signed in yet
        (await next.SubmitAsync("/account/login/two-factor", "form#two-factor", new() { ["Code"] = Totp(app, key) })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await next.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.OK);

        // The API: no code, a wrong code, the right code.
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "two-factor-required");
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, "123456")).Problem(HttpStatusCode.Unauthorized);
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, Totp(app, key))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACode_IsAcceptedOnce()
    {
        var (name, key) = await EnrolledAsync();
        var code = Totp(app, key);
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, code)).ShouldBe(HttpStatusCode.OK);
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, code)).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        // An earlier step's code, still inside the drift window, is refused too once a later one was used.
        var step = app.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password, TotpAt(key, step - 1))).Problem(HttpStatusCode.Unauthorized);
        // The login form's code step, with the same code: refused.
        var browser = Browserless.Anonymous(app);
        (await browser.SubmitAsync("/account/login", "form", new() { ["UserName"] = name, ["Password"] = DemoAccounts.Password })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.SubmitAsync("/account/login/two-factor", "form#two-factor", new() { ["Code"] = code })).Document
            .QuerySelector("[data-valmsg-for=Code]")!.TextContent.ShouldContain("不正确");
        // The next step's code works.
        (await browser.SubmitAsync("/account/login/two-factor", "form#two-factor", new() { ["Code"] = Totp(app, key) })).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task TurningItOff_NeedsThePasswordOrACode()
    {
        var (name, key) = await EnrolledAsync();
        var browser = await SignInWithCodeAsync(app, name, key);
        foreach (var proof in new[] { "", "Wrong-password-1", "000000" })
        {
            var (status, page) = await browser.SubmitAsync("/account/two-factor", "form#two-factor-off", new() { ["Proof"] = proof });
            status.ShouldBe(HttpStatusCode.OK);
            page.QuerySelector("[data-valmsg-for=Proof]")!.TextContent.ShouldNotBeEmpty();
        }
        (await LoadAsync(app, name)).TwoFactorEnabled.ShouldBeTrue();

        (await browser.SubmitAsync("/account/two-factor", "form#two-factor-off", new() { ["Proof"] = DemoAccounts.Password })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await LoadAsync(app, name)).TwoFactorEnabled.ShouldBeFalse();

        // And with a code, after enrolling again.
        var (_, enrol) = await browser.GetAsync("/account/two-factor");
        var next = enrol.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");
        (await browser.SubmitAsync("/account/two-factor", "form#two-factor", new() { ["Code"] = Totp(app, next) })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await browser.SubmitAsync("/account/two-factor", "form#two-factor-off", new() { ["Proof"] = Totp(app, next) })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await LoadAsync(app, name)).TwoFactorEnabled.ShouldBeFalse();
    }

    /// <summary>An official with an authenticator enrolled (as through the page); its name and key.</summary>
    private async Task<(string Name, string Key)> EnrolledAsync()
    {
        var name = NewUserName("totp");
        await CreateAsync(app, name);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = (await users.FindByNameAsync(name))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (name, (await users.GetAuthenticatorKeyAsync(user))!);
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
