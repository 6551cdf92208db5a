using Microsoft.Playwright;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/account/admin: 账号管理, the security administrator's page.</summary>
public sealed class AccountsPage(IPage page) : SitePage(page)
{
    /// <summary>An account's row in the list, by user name.</summary>
    public ILocator Row(string userName) => Page.GetByTestId($"account-{userName}");

    public ILocator Status(string userName) => Row(userName).GetByTestId("status");

    public ILocator DisableTicked => Page.GetByRole(AriaRole.Button, new() { Name = "停用勾选的账号" });

    public ILocator RowButton(string userName, string name) => Row(userName).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>调整角色或区划: the row's folded form.</summary>
    public ILocator ChangeRole(string userName) => Row(userName).GetByTestId("change-role");
}
