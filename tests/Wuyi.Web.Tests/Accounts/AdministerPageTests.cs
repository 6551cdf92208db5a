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

        (await admin.SubmitAsync("/account/admin", $"[data-testid='account-{official}'] form[action*='handler=Disable']", new())).Status.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetAsync("/account/admin")).Document.QuerySelector($"[data-testid='account-{official}']")!.TextContent.ShouldContain("已停用");
        (await LoadAsync(app, official)).DisabledAtUtc.ShouldNotBeNull();
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
        (await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=Reset']", new() { ["newPassword"] = "Chongzhi-Mima-2026" })).Status.ShouldBe(HttpStatusCode.Redirect);
        var user = await LoadAsync(app, official);
        user.DisabledAtUtc.ShouldBeNull();
        user.MustChangePassword.ShouldBeTrue();
        await Browserless.SignInAsync(app, official, "Chongzhi-Mima-2026");
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
