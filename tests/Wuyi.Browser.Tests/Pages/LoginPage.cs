using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Web.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/account/login: 工作人员登录.</summary>
public sealed class LoginPage(IPage page) : SitePage(page)
{
    public ILocator UserName => Page.GetByLabel("用户名");
    public ILocator Password => Page.GetByLabel("密码");
    public ILocator SignIn => Page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true });

    public async Task<LoginPage> OpenAsync()
    {
        await Page.GotoAsync("account/login");
        await Expect(Heading).ToHaveTextAsync("工作人员登录");
        return this;
    }

    /// <summary>Opens the sign-in page, signs in and lands on 待办 (/work).</summary>
    public async Task<WorkPage> SignInAsync(string userName, string password = DemoAccounts.Password)
    {
        await OpenAsync();
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await SignIn.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/work$"));
        var work = new WorkPage(Page);
        await Expect(work.Heading).ToHaveTextAsync("待办");
        return work;
    }
}
