using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>Forced password change: initial, reset and expired passwords; the page and the API.</summary>
public abstract class PasswordChangeTests(WuyiApp app)
{
    private const string NewPassword = "Xin-Mima-2026-qiang";

    private async Task<string> CreatedByAdministratorAsync()
    {
        var name = NewUserName("initial");
        using var scope = app.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var (result, _) = await admin.CreateOfficialAsync(name, "测试街道", ProgrammeRole.Street, "110108001", DemoAccounts.Password);
        result.Succeeded.ShouldBeTrue();
        return name;
    }

    [Fact]
    public async Task InitialPassword_EveryPageRedirectsToChangePassword_UntilChanged()
    {
        var name = await CreatedByAdministratorAsync();
        var browser = await Browserless.SignInAsync(app, name);
        using (var work = await browser.Client.GetAsync("/work"))
        {
            work.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            work.Headers.Location!.OriginalString.ShouldBe("/account/password?returnUrl=%2Fwork");
        }
        var (_, form) = await browser.GetAsync("/account/password");
        form.QuerySelector("[data-testid=password-change-required]").ShouldNotBeNull();

        var (status, _) = await browser.SubmitAsync("/account/password?returnUrl=%2Fwork", "form#change-password",
            new() { ["CurrentPassword"] = DemoAccounts.Password, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        status.ShouldBe(HttpStatusCode.Redirect);
        using (var after = await browser.Client.GetAsync("/work"))
            after.StatusCode.ShouldBe(HttpStatusCode.OK, after.Headers.Location?.OriginalString); // the same session goes on
        (await LoadAsync(app, name)).MustChangePassword.ShouldBeFalse();
    }

    [Fact]
    public async Task ChangePasswordPage_ShowsTheRulesBrokenInChinese_BesideTheField()
    {
        var name = await CreatedByAdministratorAsync();
        var browser = await Browserless.SignInAsync(app, name);
        var (status, page) = await browser.SubmitAsync("/account/password", "form#change-password",
            new() { ["CurrentPassword"] = DemoAccounts.Password, ["NewPassword"] = "Beijing2022!", ["ConfirmPassword"] = "Beijing2022!" });
        status.ShouldBe(HttpStatusCode.OK, page.DocumentElement.OuterHtml);
        page.QuerySelector("[data-valmsg-for=NewPassword]")!.TextContent.ShouldContain("常见");
        var (_, again) = await browser.SubmitAsync("/account/password", "form#change-password",
            new() { ["CurrentPassword"] = DemoAccounts.Password, ["NewPassword"] = "duan", ["ConfirmPassword"] = "duan" });
        var messages = again.QuerySelector("[data-valmsg-for=NewPassword]")!.TextContent;
        messages.ShouldContain("至少需要 12 个字符");
    }

    [Fact]
    public async Task InitialPassword_ApiAnswers403PasswordChangeRequired_UntilChangedThroughTheApi()
    {
        var name = await CreatedByAdministratorAsync();
        var api = await BearerAsync(app, name);
        await (await api.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Forbidden, "password-change-required");
        (await (await api.GetAsync("/api/v1/me")).Read<JsonElement>()).GetProperty("passwordChangeRequired").GetBoolean().ShouldBeTrue();

        // The same password again, and a common one, are refused in Chinese.
        var same = await (await api.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = DemoAccounts.Password, newPassword = DemoAccounts.Password }))
            .Problem(HttpStatusCode.BadRequest, "password-rejected");
        same.GetProperty("errors").GetProperty("newPassword")[0].GetString().ShouldBe("新密码不能与当前密码相同");
        await (await api.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "Wrong-one-2026", newPassword = NewPassword }))
            .Problem(HttpStatusCode.BadRequest, "password-rejected");

        (await api.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = DemoAccounts.Password, newPassword = NewPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await api.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Unauthorized); // every old token ends
        var again = await BearerAsync(app, name, NewPassword);
        await (await again.GetAsync("/api/v1/applications")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ResetByTheAdministrator_EndsTheOldToken_AndForcesAChange()
    {
        var name = NewUserName("reset");
        await CreateAsync(app, name);
        var api = await BearerAsync(app, name);
        await AdministerAsync(app, name, (a, u) => a.ResetPasswordAsync(u, "Chongzhi-Mima-2026"));
        await (await api.GetAsync("/api/v1/me")).Problem(HttpStatusCode.Unauthorized);
        var after = await BearerAsync(app, name, "Chongzhi-Mima-2026");
        await (await after.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Forbidden, "password-change-required");
    }

    [Fact]
    public async Task PasswordOlderThan90Days_MustBeChanged()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var fresh = NewUserName("young");
        await CreateAsync(app, fresh, shape: u => u.PasswordChangedAtUtc = now.AddDays(-89));
        var old = NewUserName("old");
        await CreateAsync(app, old, shape: u => u.PasswordChangedAtUtc = now.AddDays(-91));

        await (await (await BearerAsync(app, fresh)).GetAsync("/api/v1/applications")).ShouldBe(HttpStatusCode.OK);
        await (await (await BearerAsync(app, old)).GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Forbidden, "password-change-required");
        var browser = await Browserless.SignInAsync(app, old);
        (await browser.Client.GetAsync("/work")).Headers.Location!.OriginalString.ShouldStartWith("/account/password");
    }
}

public sealed class PasswordChangeTests_Sqlite(SqliteApp app) : PasswordChangeTests(app), IClassFixture<SqliteApp>;

public sealed class PasswordChangeTests_Postgres(PostgresApp app) : PasswordChangeTests(app), IClassFixture<PostgresApp>;
