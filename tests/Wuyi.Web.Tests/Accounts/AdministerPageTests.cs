using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>账号管理 (/account/admin): the security administrator creates, resets, disables and enables officials.</summary>
public abstract class AdministerPageTests(WuyiApp app)
{
    private async Task<Browserless> AdministratorAsync(string kind)
    {
        var (name, key) = await AccountTesting.AdministratorAsync(app, kind);
        return await SignInWithCodeAsync(app, name, key);
    }

    [Fact]
    public async Task SecurityAdministrator_CreatesAnOfficial_WhoMustChangeTheInitialPassword_ThenDisablesIt()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("street");
        var (status, _) = await admin.SubmitAsync("/account/admin", "form#create-account", new()
        {
            ["UserName"] = official,
            ["DisplayName"] = "万寿路街道办事处",
            ["Role"] = "Street",
            ["DivisionCode"] = "110108001",
            ["InitialPassword"] = "Chushi-Mima-2026",
        }, "Create");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetAsync("/account/admin")).Document.QuerySelector($"[data-testid='account-{official}']")!.TextContent.ShouldContain("待修改初始密码");

        var browser = await Browserless.SignInAsync(app, official, "Chushi-Mima-2026");
        (await browser.Client.GetAsync("/work")).Headers.Location!.OriginalString.ShouldStartWith("/account/password");

        var (disabled, _, confirmation) = await admin.SubmitConfirmedAsync("/account/admin", $"[data-testid='account-{official}'] form[action*='handler=Disable']", new());
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent
            .ShouldBe($"将停用 万寿路街道办事处（{official}） 的账号，该账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用");
        disabled.ShouldBe(HttpStatusCode.Redirect);
        var (_, list) = await admin.GetAsync("/account/admin");
        list.QuerySelector(".alert-success[role=status]")!.TextContent.ShouldBe($"已停用 万寿路街道办事处（{official}） 的账号：该账号已无法登录，已登录的会话在 1 分钟内失效");
        list.QuerySelector($"[data-testid='account-{official}']")!.TextContent.ShouldContain("已停用");
        (await LoadAsync(app, official)).DisabledAtUtc.ShouldNotBeNull();
    }

    [Fact]
    public async Task Create_NamesTheDivisionByName_NotOnlyByCode_OrOffersTheCandidates()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("street");
        var (status, _) = await admin.SubmitAsync("/account/admin", "form#create-account", new()
        {
            ["UserName"] = official, ["DisplayName"] = "万寿路街道办事处", ["Role"] = "Street",
            ["DivisionCode"] = "万寿路街道", ["InitialPassword"] = "Chushi-Mima-2026",
        }, "Create");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await LoadAsync(app, official)).DivisionCode.ShouldBe("110108001");

        // 东城区's streets named with “门” are several: the form offers them, with their paths, and creates nothing.
        var other = NewUserName("street");
        var (again, page) = await admin.SubmitAsync("/account/admin", "form#create-account", new()
        {
            ["UserName"] = other, ["DisplayName"] = "某街道", ["Role"] = "Street", ["DivisionCode"] = "门", ["InitialPassword"] = "Chushi-Mima-2026",
        }, "Create");
        again.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=DivisionCode]")!.TextContent.ShouldBe("请从下面选择一个区划");
        page.QuerySelectorAll("[data-testid=picker-candidates] label").Length.ShouldBeGreaterThan(1);
        page.QuerySelectorAll("[data-testid=picker-candidates] label").ShouldAllBe(l => l.TextContent.Contains(" › "));
        (await app.WithDbAsync(db => Task.FromResult(db.Users.Count(u => u.UserName == other)))).ShouldBe(0);
    }

    [Fact]
    public async Task Create_WithADivisionOfTheWrongLevel_OrAWeakPassword_ShowsWhyBesideTheField()
    {
        var admin = await AdministratorAsync("security");
        var (status, page) = await admin.SubmitAsync("/account/admin", "form#create-account", new()
        {
            ["UserName"] = NewUserName("x"),
            ["DisplayName"] = "某单位",
            ["Role"] = "District",
            ["DivisionCode"] = "110108001",
            ["InitialPassword"] = "Chushi-Mima-2026",
        }, "Create");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=DivisionCode]")!.TextContent.ShouldContain("区划代码须为");

        (_, page) = await admin.SubmitAsync("/account/admin", "form#create-account", new()
        {
            ["UserName"] = NewUserName("y"),
            ["DisplayName"] = "某单位",
            ["Role"] = "District",
            ["DivisionCode"] = "110108",
            ["InitialPassword"] = "Admin@123456",
        }, "Create");
        page.QuerySelector("[data-valmsg-for=InitialPassword]")!.TextContent.ShouldContain("常见");
    }

    [Fact]
    public async Task ResetPassword_ForcesAChange_AndEnableUndoesDisable()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("reset");
        await CreateAsync(app, official, ProgrammeRole.Community, "110108001001");
        await AdministerAsync(app, official, (a, u) => a.DisableAsync(u));

        var row = $"[data-testid='account-{official}']";
        (await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=Enable']", new())).Status.ShouldBe(HttpStatusCode.Redirect);
        var (reset, _, _) = await admin.SubmitConfirmedAsync("/account/admin", $"{row} form[action*='handler=Reset']", new() { ["newPassword"] = "Chongzhi-Mima-2026" });
        reset.ShouldBe(HttpStatusCode.Redirect);
        var user = await LoadAsync(app, official);
        user.DisabledAtUtc.ShouldBeNull();
        user.MustChangePassword.ShouldBeTrue();
        await Browserless.SignInAsync(app, official, "Chongzhi-Mima-2026");
    }

    [Fact]
    public async Task ResetAndDisable_AskToConfirm_AndChangeNothingUntilConfirmed_AWeakPasswordIsRefusedAtOnce()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("confirm");
        await CreateAsync(app, official, ProgrammeRole.Community, "110108001001");
        var row = $"[data-testid='account-{official}']";
        var before = await LoadAsync(app, official);

        var (status, page) = await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=Disable']", new());
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]")!.TextContent
            .ShouldBe($"将停用 测试账号（{official}） 的账号，该账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用");
        (status, page) = await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=Reset']", new() { ["newPassword"] = "Chongzhi-Mima-2026" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]")!.TextContent
            .ShouldBe($"将把 测试账号（{official}） 的密码重置为新的初始密码，该账号已登录的会话在 1 分钟内失效，下次登录须先修改密码");
        var after = await LoadAsync(app, official);
        (after.DisabledAtUtc, after.PasswordHash, after.SecurityStamp).ShouldBe((before.DisabledAtUtc, before.PasswordHash, before.SecurityStamp));

        (status, page) = await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=Reset']", new() { ["newPassword"] = "Admin@123456" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]").ShouldBeNull();
        page.QuerySelector(".alert-danger")!.TextContent.ShouldContain("常见");
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("system")]
    public async Task OtherAdministrators_AreSentToAccessDenied(string kind) =>
        await ShouldBeDeniedAsync(await AdministratorAsync(kind));

    [Fact]
    public async Task ProgrammeOfficials_AreSentToAccessDenied() =>
        await ShouldBeDeniedAsync(await Browserless.SignInAsync(app, "city"));

    private static async Task ShouldBeDeniedAsync(Browserless browser)
    {
        using var response = await browser.Client.GetAsync("/account/admin");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/denied");
    }
}

public sealed class AdministerPageTests_Sqlite(SqliteApp app) : AdministerPageTests(app), IClassFixture<SqliteApp>;

public sealed class AdministerPageTests_Postgres(PostgresApp app) : AdministerPageTests(app), IClassFixture<PostgresApp>;
