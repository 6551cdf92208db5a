using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Common;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>
/// 三权分立: an administrator has no programme role and so no 待办. Signing in, or finishing two-factor enrolment, it
/// lands on its own page — the security administrator on 账号管理, the audit administrator on 审计日志, the system
/// administrator on 系统状态 — never on a refusal and never through an unhandled refusal in the log.
/// </summary>
public abstract class AdministratorLandingTests(WuyiApp app)
{
    [Theory]
    [InlineData("security", "/account/admin", "账号管理")]
    [InlineData("audit", "/audit", "审计日志")]
    [InlineData("system", "/system", "系统状态")]
    public async Task SignIn_WithTheCode_LandsOnItsOwnPage(string kind, string page, string heading)
    {
        var mark = app.Log.Entries.Count;
        var (name, key) = await AdministratorAsync(app, kind);
        var browser = Browserless.Anonymous(app);

        var login = await PostAsync(browser, "/account/login", "form", new() { ["UserName"] = name, ["Password"] = DemoAccounts.Password });
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.OriginalString.ShouldStartWith("/account/login/two-factor");
        var code = await PostAsync(browser, login.Headers.Location.OriginalString, "form#two-factor", new() { ["Code"] = Totp(app, key) });
        code.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        code.Headers.Location!.OriginalString.ShouldBe(page);

        await ShowsItsPageAsync(browser, page, heading);
        NothingUnhandledSince(mark);
    }

    [Theory]
    [InlineData("security", "/account/admin")]
    [InlineData("audit", "/audit")]
    [InlineData("system", "/system")]
    public async Task Work_SendsTheAdministratorToItsOwnPage(string kind, string page)
    {
        var mark = app.Log.Entries.Count;
        var (name, key) = await AdministratorAsync(app, kind);
        var browser = await SignInWithCodeAsync(app, name, key);
        using var work = await browser.Client.GetAsync("/work");
        work.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        work.Headers.Location!.OriginalString.ShouldBe(page);
        NothingUnhandledSince(mark);
    }

    [Theory]
    [InlineData("security", "/account/admin", "账号管理")]
    [InlineData("audit", "/audit", "审计日志")]
    [InlineData("system", "/system", "系统状态")]
    public async Task FinishingEnrolment_LandsOnItsOwnPage(string kind, string page, string heading)
    {
        var mark = app.Log.Entries.Count;
        var name = NewUserName(kind);
        await CreateAsync(app, name);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            (await users.AddClaimAsync((await users.FindByNameAsync(name))!, new Claim(WuyiClaims.Administrator, kind))).Succeeded.ShouldBeTrue();
        }
        var browser = Browserless.Anonymous(app);
        var login = await PostAsync(browser, "/account/login", "form", new() { ["UserName"] = name, ["Password"] = DemoAccounts.Password });
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.OriginalString.ShouldBe(page);

        // Not enrolled yet: the page sends it to enrol, and enrolment brings it back.
        using var sent = await browser.Client.GetAsync(page);
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var enrol = sent.Headers.Location!.OriginalString;
        enrol.ShouldStartWith("/account/two-factor?returnUrl=");
        var (_, form) = await browser.GetAsync(enrol);
        var key = form.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");
        var enrolled = await PostAsync(browser, enrol, "form#two-factor", new() { ["Code"] = Totp(app, key) });
        enrolled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        enrolled.Headers.Location!.OriginalString.ShouldBe(page);

        var (status, landed) = await ShowsItsPageAsync(browser, page, heading);
        status.ShouldBe(HttpStatusCode.OK);
        landed.QuerySelector("[role=status]")!.TextContent.ShouldContain("已启用双因素认证");
        NothingUnhandledSince(mark);
    }

    [Fact]
    public async Task FinishingEnrolment_SentFromWork_LandsOnItsOwnPage_NotOnARefusal()
    {
        var mark = app.Log.Entries.Count;
        var name = NewUserName("audit");
        await CreateAsync(app, name);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            (await users.AddClaimAsync((await users.FindByNameAsync(name))!, new Claim(WuyiClaims.Administrator, "audit"))).Succeeded.ShouldBeTrue();
        }
        var browser = await Browserless.SignInAsync(app, name);
        var (_, form) = await browser.GetAsync("/account/two-factor?returnUrl=%2Fwork");
        var key = form.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");
        var enrolled = await PostAsync(browser, "/account/two-factor?returnUrl=%2Fwork", "form#two-factor", new() { ["Code"] = Totp(app, key) });
        enrolled.Headers.Location!.OriginalString.ShouldBe("/audit");
        NothingUnhandledSince(mark);
    }

    [Fact]
    public async Task ProgrammeAccounts_StillLandOnWork()
    {
        var browser = Browserless.Anonymous(app);
        var login = await PostAsync(browser, "/account/login", "form", new() { ["UserName"] = "district", ["Password"] = DemoAccounts.Password });
        login.Headers.Location!.OriginalString.ShouldBe("/work");
        (await browser.GetAsync("/work")).Status.ShouldBe(HttpStatusCode.OK);
        using var system = await browser.Client.GetAsync("/system");
        system.Headers.Location!.OriginalString.ShouldContain("/account/denied"); // 系统状态 is the system administrator's alone
    }

    private static async Task<(HttpStatusCode, AngleSharp.Dom.IDocument)> ShowsItsPageAsync(Browserless browser, string page, string heading)
    {
        var (status, document) = await browser.GetAsync(page);
        status.ShouldBe(HttpStatusCode.OK);
        document.QuerySelector("h1")!.TextContent.Trim().ShouldBe(heading);
        document.QuerySelector($"nav a[href='{page}']")!.GetAttribute("aria-current").ShouldBe("page"); // its own page, in its menu
        return (status, document);
    }

    /// <summary>No refusal thrown and left to the error handler since <paramref name="mark"/>: no DomainException logged, no error at all.</summary>
    private void NothingUnhandledSince(int mark) =>
        app.Log.Entries.Skip(mark).Where(e => e.Exception is DomainException || e.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
            .Select(e => $"{e.Category}: {e.Message} {e.Exception?.GetType().Name}").ShouldBeEmpty();

    /// <summary>Submits a form as <see cref="Browserless.SubmitAsync"/> does, keeping the response's headers (its Location).</summary>
    private static async Task<HttpResponseMessage> PostAsync(Browserless browser, string url, string formSelector, Dictionary<string, string> fields)
    {
        var (_, page) = await browser.GetAsync(url);
        var form = page.QuerySelector(formSelector) as AngleSharp.Html.Dom.IHtmlFormElement ?? throw new InvalidOperationException($"no form {formSelector} on {url}");
        var values = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => i.Name is not null && i.Type == "hidden" && !fields.ContainsKey(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).Concat(fields).ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : url;
        return await browser.Client.PostAsync(action, new FormUrlEncodedContent(values));
    }
}

public sealed class AdministratorLandingTests_Sqlite(SqliteApp app) : AdministratorLandingTests(app), IClassFixture<SqliteApp>;

public sealed class AdministratorLandingTests_Postgres(PostgresApp app) : AdministratorLandingTests(app), IClassFixture<PostgresApp>;
