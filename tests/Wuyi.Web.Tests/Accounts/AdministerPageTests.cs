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
        var (enabled, _, confirmation) = await admin.SubmitConfirmedAsync("/account/admin", $"{row} form[action*='handler=Enable']", new());
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent
            .ShouldBe($"将启用 测试账号（{official}） 的账号，该账号可以用原有密码重新登录，按其角色和区划办理");
        enabled.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetAsync("/account/admin")).Document.QuerySelector(".alert-success[role=status]")!.TextContent
            .ShouldBe($"已启用 测试账号（{official}） 的账号：该账号可以用原有密码重新登录");
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

    [Fact]
    public async Task Enable_AsksToConfirm_AndEnablesNothingUntilConfirmed()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("enable");
        await CreateAsync(app, official, ProgrammeRole.Community, "110108001001", shape: u => u.MustChangePassword = true);
        await AdministerAsync(app, official, (a, u) => a.DisableAsync(u));

        var (status, page) = await admin.SubmitAsync("/account/admin", $"[data-testid='account-{official}'] form[action*='handler=Enable']", new());

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]")!.TextContent
            .ShouldBe($"将启用 测试账号（{official}） 的账号，该账号可以用原有密码重新登录，登录后须先修改初始密码，按其角色和区划办理");
        (await LoadAsync(app, official)).DisabledAtUtc.ShouldNotBeNull();
    }

    [Fact]
    public async Task DisableMany_AsksToConfirm_NamingTheAccountsAndTheirNodes_DisablesNothingUntilConfirmed_ThenSaysWhatHappened()
    {
        var admin = await AdministratorAsync("security");
        var (first, second, already) = (NewUserName("many"), NewUserName("many"), NewUserName("many"));
        await CreateAsync(app, first, ProgrammeRole.District, "110108");
        await CreateAsync(app, second, ProgrammeRole.Street, "110108001");
        await CreateAsync(app, already, ProgrammeRole.Street, "110108001");
        await AdministerAsync(app, already, (a, u) => a.DisableAsync(u));
        var (district, street) = (await NameOf("110108"), await NameOf("110108001"));

        var (status, confirmation) = await admin.SubmitListAsync("/account/admin", "form#disable-many",
            [new("selected", second), new("selected", first), new("selected", already)]);

        status.ShouldBe(HttpStatusCode.OK);
        var names = $"测试账号（{first}，{district}）、测试账号（{second}，{street}）";
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldBe(
            $"将停用 2 个账号：{names}，这些账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用（另有 1 个所选账号已是停用状态，保持不变）");
        (await LoadAsync(app, first)).DisabledAtUtc.ShouldBeNull();
        (await LoadAsync(app, second)).DisabledAtUtc.ShouldBeNull();

        var (confirmed, _) = await admin.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await LoadAsync(app, first)).DisabledAtUtc.ShouldNotBeNull();
        (await LoadAsync(app, second)).DisabledAtUtc.ShouldNotBeNull();
        (await admin.GetAsync("/account/admin")).Document.QuerySelector(".alert-success[role=status]")!.TextContent.ShouldBe(
            $"已停用 2 个账号：{names}，这些账号已无法登录，已登录的会话在 1 分钟内失效（另有 1 个所选账号已是停用状态，保持不变）");
    }

    [Fact]
    public async Task DisableMany_WithAnUnknownAccount_IsRefusedAtTheFirstPost_WithoutAConfirmation()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("many");
        await CreateAsync(app, official, ProgrammeRole.Community, "110108001001");

        var (status, page) = await admin.SubmitListAsync("/account/admin", "form#disable-many", [new("selected", official), new("selected", "no-such-account-x")]);

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=consequences]").ShouldBeNull();
        page.QuerySelector(".alert-danger")!.TextContent.ShouldContain("账号“no-such-account-x”不存在");
        (await LoadAsync(app, official)).DisabledAtUtc.ShouldBeNull();
    }

    [Fact]
    public async Task ChangeRole_ByAnAmbiguousName_OffersTheCandidatesInTheRow_AndAChoiceMovesTheOfficial()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("move");
        await CreateAsync(app, official, ProgrammeRole.Community, "110108001001");
        var row = $"[data-testid='account-{official}']";

        // 东城区's streets named with “门” are several: the row's picker offers them, with their paths, and nothing changes.
        var (status, page) = await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=ChangeRole']", new() { ["role"] = "Street", ["divisionCode"] = "门" });

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector($"{row} details[data-testid=change-role]")!.HasAttribute("open").ShouldBeTrue();
        var candidates = page.QuerySelectorAll($"{row} [data-testid=picker-candidates] input[type=radio][name=divisionCode]");
        candidates.Length.ShouldBeGreaterThan(1);
        page.QuerySelectorAll($"{row} [data-testid=picker-candidates] label").ShouldAllBe(l => l.TextContent.Contains(" › "));
        page.QuerySelector($"{row} select[name=role] option[selected]")!.GetAttribute("value").ShouldBe("Street");
        page.QuerySelectorAll("[data-testid=picker-candidates]").Length.ShouldBe(1); // only the row that asked
        (await LoadAsync(app, official)).Role.ShouldBe(ProgrammeRole.Community);

        var chosen = candidates[0].GetAttribute("value")!;
        (await admin.SubmitAsync("/account/admin", $"{row} form[action*='handler=ChangeRole']", new() { ["role"] = "Street", ["divisionCode"] = chosen }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        var moved = await LoadAsync(app, official);
        (moved.Role, moved.DivisionCode).ShouldBe((ProgrammeRole.Street, chosen));
    }

    [Fact]
    public async Task AccountsList_ShowsEachStatusAsABadge_AndEachRowHasADivisionPicker()
    {
        var admin = await AdministratorAsync("security");
        var official = NewUserName("badge");
        await CreateAsync(app, official, ProgrammeRole.Community, "110108001001");

        var (_, page) = await admin.GetAsync($"/account/admin?q={official}");

        var row = page.QuerySelector($"[data-testid='account-{official}']")!;
        row.QuerySelector("[data-testid=status].badge")!.TextContent.ShouldBe("正常");
        var picker = row.QuerySelector("[data-division-picker]")!;
        picker.QuerySelector("input[data-picker-text]")!.GetAttribute("name").ShouldBe("divisionCode");
        picker.QuerySelector("input[data-picker-text]")!.Id.ShouldNotBe("divisionCode"); // ids stay unique across rows
        page.QuerySelectorAll("script[src*='division-picker.js']").Length.ShouldBe(1);
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("system")]
    public async Task OtherAdministrators_AreSentToAccessDenied(string kind) =>
        await ShouldBeDeniedAsync(await AdministratorAsync(kind));

    [Fact]
    public async Task ProgrammeOfficials_AreSentToAccessDenied() =>
        await ShouldBeDeniedAsync(await Browserless.SignInAsync(app, "city"));

    private Task<string> NameOf(string code) => app.WithDbAsync(db => Task.FromResult(db.Divisions.Single(d => d.Code == code).Name));

    private static async Task ShouldBeDeniedAsync(Browserless browser)
    {
        using var response = await browser.Client.GetAsync("/account/admin");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/denied");
    }
}

public sealed class AdministerPageTests_Sqlite(SqliteApp app) : AdministerPageTests(app), IClassFixture<SqliteApp>;

public sealed class AdministerPageTests_Postgres(PostgresApp app) : AdministerPageTests(app), IClassFixture<PostgresApp>;
