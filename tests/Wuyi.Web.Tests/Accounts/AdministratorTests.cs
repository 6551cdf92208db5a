using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>三权分立: system, security and audit administrators hold a wuyi:admin claim and no programme role.</summary>
public abstract class AdministratorTests(WuyiApp app)
{
    private async Task<string> AdministratorAsync(string kind) => (await AccountTesting.AdministratorAsync(app, kind)).Name;

    [Theory]
    [InlineData("system", AdministratorPolicies.SystemAdministrator)]
    [InlineData("security", AdministratorPolicies.SecurityAdministrator)]
    [InlineData("audit", AdministratorPolicies.AuditAdministrator)]
    public async Task EachAdministrator_MeetsItsOwnPolicyOnly(string kind, string policy)
    {
        var name = await AdministratorAsync(kind);
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var principal = await sp.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync((await sp.GetRequiredService<UserManager<User>>().FindByNameAsync(name))!);
        principal.FindFirstValue(ClaimTypes.Role).ShouldBeNull();
        var authorization = sp.GetRequiredService<IAuthorizationService>();
        foreach (var p in new[] { AdministratorPolicies.SystemAdministrator, AdministratorPolicies.SecurityAdministrator, AdministratorPolicies.AuditAdministrator })
            (await authorization.AuthorizeAsync(principal, p)).Succeeded.ShouldBe(p == policy, p);
    }

    [Fact]
    public async Task CreateAdministrator_GivesTheClaim_NoProgrammeRole_AndAnInitialPasswordToChange()
    {
        var name = NewUserName("created");
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var password = AccountAdministration.GenerateInitialPassword();
        WuyiPasswordValidator.Check(name, password).ShouldBeEmpty();
        var (result, user) = await sp.GetRequiredService<AccountAdministration>().CreateAdministratorAsync(name, name, "audit", password);
        result.Succeeded.ShouldBeTrue();
        user.MustChangePassword.ShouldBeTrue();
        var principal = await sp.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user);
        principal.FindFirstValue(WuyiClaims.Administrator).ShouldBe("audit");
        principal.FindFirstValue(ClaimTypes.Role).ShouldBeNull();
        await Should.ThrowAsync<ArgumentException>(() => sp.GetRequiredService<AccountAdministration>().CreateAdministratorAsync(NewUserName("x"), "x", "root", password));
    }

    [Fact]
    public async Task ProgrammeAccounts_MeetNoAdministratorPolicy()
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var principal = await sp.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync((await sp.GetRequiredService<UserManager<User>>().FindByNameAsync("city"))!);
        var authorization = sp.GetRequiredService<IAuthorizationService>();
        foreach (var p in new[] { AdministratorPolicies.SystemAdministrator, AdministratorPolicies.SecurityAdministrator, AdministratorPolicies.AuditAdministrator })
            (await authorization.AuthorizeAsync(principal, p)).Succeeded.ShouldBeFalse(p);
    }

    [Fact]
    public async Task Administrator_CannotActInTheProgramme()
    {
        var (name, key) = await AccountTesting.AdministratorAsync(app, "security");
        var api = app.CreateClient();
        var token = await (await TokenAsync(api, name, DemoAccounts.Password, Totp(app, key))).Read<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var me = await (await api.GetAsync("/api/v1/me")).Read<JsonElement>();
        me.GetProperty("role").ValueKind.ShouldBe(JsonValueKind.Null);
        me.GetProperty("administrator").GetString().ShouldBe("security");
        me.GetProperty("roleName").GetString().ShouldBe("安全管理员");

        await (await api.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Forbidden, "not-programme-account");
        await (await api.Start(community: "110108001002")).Problem(HttpStatusCode.Forbidden);
        await (await api.PostAsync("/api/v1/batches", JsonContent.Create(new { title = "x" }))).Problem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("security")]
    public async Task Administrator_IsOnRecordAsItsKind_NeverAsAProgrammeRole(string kind)
    {
        var (name, key) = await AccountTesting.AdministratorAsync(app, kind);
        await (await TokenAsync(app.CreateClient(), name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized);
        var api = app.CreateClient();
        var token = await (await TokenAsync(api, name, DemoAccounts.Password, Totp(app, key))).Read<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        await api.PostAsync("/api/v1/auth/logout", null);

        var id = (await LoadAsync(app, name)).Id;
        var records = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditRecords.Where(r => r.ActorUserId == id)));
        records.Select(r => r.Action).ShouldBe(["sign-in", "sign-in", "POST /api/v1/auth/logout"], ignoreOrder: true);
        records.ShouldAllBe(r => r.Role == "admin:" + kind);
    }

    [Fact]
    public async Task Administrator_GetsAFriendlyRefusalOnProgrammePages()
    {
        var (name, key) = await AccountTesting.AdministratorAsync(app, "audit");
        var browser = await SignInWithCodeAsync(app, name, key);
        (await browser.GetAsync("/applications")).Status.ShouldBe(HttpStatusCode.Forbidden);
        using var work = await browser.Client.GetAsync("/work"); // no 待办: its own page instead (AdministratorLandingTests)
        work.Headers.Location!.OriginalString.ShouldBe("/audit");
    }

    [Fact]
    public async Task Administrator_WithoutAnAuthenticator_IsSentToEnrol_AndTheApiRefuses()
    {
        var name = NewUserName("system");
        await CreateAsync(app, name);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            await users.AddClaimAsync((await users.FindByNameAsync(name))!, new Claim(WuyiClaims.Administrator, "system"));
        }
        var browser = await Browserless.SignInAsync(app, name);
        using (var work = await browser.Client.GetAsync("/account/password"))
            work.StatusCode.ShouldBe(HttpStatusCode.OK); // the ways out stay open
        using (var other = await browser.Client.GetAsync("/public"))
            other.Headers.Location!.OriginalString.ShouldStartWith("/account/two-factor");
        var (_, enrol) = await browser.GetAsync("/account/two-factor");
        enrol.QuerySelector("[data-testid=two-factor-required]").ShouldNotBeNull();
        var key = enrol.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");

        var api = await BearerAsync(app, name);
        await (await api.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Forbidden, "two-factor-enrolment-required");

        (await browser.SubmitAsync("/account/two-factor", "form#two-factor", new() { ["Code"] = Totp(app, key) })).Status.ShouldBe(HttpStatusCode.Redirect);
        using (var after = await browser.Client.GetAsync("/public"))
            after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class AdministratorTests_Sqlite(SqliteApp app) : AdministratorTests(app), IClassFixture<SqliteApp>;

public sealed class AdministratorTests_Postgres(PostgresApp app) : AdministratorTests(app), IClassFixture<PostgresApp>;
