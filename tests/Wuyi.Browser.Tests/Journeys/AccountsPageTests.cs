using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// 账号管理 with JavaScript: disabling several accounts and enabling one confirm in the dialog what they will do (the
/// accounts named with their nodes), and the page says afterwards what was done; a row's 调整 picks the new node with the
/// division picker's drop-downs. Screenshot: artifacts/screenshots/secadmin-account-admin-change-role-1366.png.
/// </summary>
public sealed class AccountsPageTests(DemoBrowserApp app) : BrowserTest(app), IClassFixture<DemoBrowserApp>
{
    [Fact]
    public Task SecurityAdministrator_DisablesSeveral_EnablesOne_AndMovesAnOfficial_ConfirmingInTheDialog() => Journey(async () =>
    {
        var street = await App.CreateAccountAsync(ProgrammeRole.Street, "110108001");
        var district = await App.CreateAccountAsync(ProgrammeRole.District, "110105");
        var moving = await App.CreateAccountAsync(ProgrammeRole.Community, "110108001001");
        var page = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var accounts = await SignInAsync(page, "secadmin");

        await accounts.Row(street).GetByRole(AriaRole.Checkbox).CheckAsync();
        await accounts.Row(district).GetByRole(AriaRole.Checkbox).CheckAsync();
        await accounts.DisableTicked.ClickAsync();
        await accounts.ConfirmAsync("将停用 2 个账号：");
        accounts.LastConsequences!.ShouldContain($"（{district}，朝阳区）");
        accounts.LastConsequences!.ShouldContain($"（{street}，万寿路街道）");
        await Expect(accounts.Flash).ToHaveTextAsync(new Regex("^已停用 2 个账号："));
        await Expect(accounts.Status(street)).ToHaveTextAsync("已停用");
        await Expect(accounts.Status(district)).ToHaveTextAsync("已停用");

        await accounts.RowButton(street, "启用").ClickAsync();
        await accounts.ConfirmAsync("将启用 万寿路街道（" + street + "） 的账号，该账号可以用原有密码重新登录");
        await Expect(accounts.Flash).ToHaveTextAsync($"已启用 万寿路街道（{street}） 的账号：该账号可以用原有密码重新登录");
        await Expect(accounts.Status(street)).ToHaveTextAsync("正常");

        // 调整: the row's form opens, its picker offers 区 → 街道 drop-downs; choosing a street fills the field with its path.
        var change = accounts.ChangeRole(moving);
        await change.Locator("summary").ClickAsync();
        await change.GetByLabel("新角色").SelectOptionAsync(new SelectOptionValue { Label = "街道（乡镇）" });
        await change.GetByRole(AriaRole.Combobox, new() { Name = "选择区" }).SelectOptionAsync(new SelectOptionValue { Label = "朝阳区" });
        await change.GetByRole(AriaRole.Combobox, new() { Name = "选择街道（乡镇）" }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Expect(change.Locator("[data-picker-path]")).ToHaveTextAsync(new Regex("^已选：朝阳区 › "));
        var chosen = await change.Locator("input[data-picker-text]").InputValueAsync();
        chosen.ShouldStartWith("110105");
        chosen.Length.ShouldBe(9);
        await Screenshots.SaveAsync(page, "secadmin-account-admin-change-role-1366");
        await change.GetByRole(AriaRole.Button, new() { Name = "调整", Exact = true }).ClickAsync();
        await Expect(accounts.Flash).ToHaveTextAsync(new Regex($"^已将 {Regex.Escape(moving)} 调整为街道（乡镇）（朝阳区 › "));
    });

    /// <summary>Signs the demo administrator in with its authenticator code; it lands on 账号管理.</summary>
    private async Task<AccountsPage> SignInAsync(IPage page, string account)
    {
        var login = await new LoginPage(page).OpenAsync();
        await login.UserName.FillAsync(account);
        await login.Password.FillAsync(DemoAccounts.Password);
        await login.SignIn.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login/two-factor"));
        await page.GetByLabel("动态验证码").FillAsync(await CodeAsync(account));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/admin$"));
        return new AccountsPage(page);
    }

    private async Task<string> CodeAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var key = AuthenticatorCodes.FromBase32((await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(userName))!))!);
        return AuthenticatorCodes.Code(key, App.Clock.GetUtcNow().ToUnixTimeSeconds() / 30).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
