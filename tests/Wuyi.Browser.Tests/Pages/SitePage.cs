using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>What every page has: the navigation bar, the flash message, the refusal box, the main heading.</summary>
public abstract class SitePage(IPage page)
{
    public IPage Page => page;

    /// <summary>The signed-in account in the navigation bar (name · role).</summary>
    public ILocator SignedInAs => page.GetByTestId("signed-in-as");

    /// <summary>The green message after a step succeeded (role=status).</summary>
    public ILocator Flash => page.GetByRole(AriaRole.Status);

    /// <summary>The red box that says why a step was refused.</summary>
    public ILocator Errors => page.GetByTestId("errors");

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });

    /// <summary>The button that shows the collapsed menu on a phone.</summary>
    public ILocator MenuToggle => Navigation.GetByRole(AriaRole.Button, new() { Name = "展开菜单" });

    /// <summary>A group of the menu (a drop-down, a &lt;details&gt;) by its text: 申报评定, 动态管理, 12345, 公开信息.</summary>
    public ILocator MenuGroup(string text) => Navigation.Locator("details > summary", new() { HasTextString = text });

    /// <summary>On a phone, opens the collapsed menu (展开菜单); on a desk the menu is open already.</summary>
    public async Task ExpandMenuAsync()
    {
        if (!await MenuToggle.IsVisibleAsync() || await MenuToggle.GetAttributeAsync("aria-expanded") == "true") return;
        await MenuToggle.ClickAsync();
        await Expect(page.Locator("#nav")).ToHaveClassAsync(new Regex(@"(^|\s)show(\s|$)"));
    }

    /// <summary>Opens a group of the menu and follows one of its links.</summary>
    public async Task FollowMenuAsync(string group, string link)
    {
        await ExpandMenuAsync();
        await MenuGroup(group).ClickAsync();
        await Navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
    }

    /// <summary>退出 in the account's menu; ends on the public home page, signed out.</summary>
    public async Task<HomePage> SignOutAsync()
    {
        await ExpandMenuAsync();
        await SignedInAs.ClickAsync();
        await Navigation.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(Navigation.GetByRole(AriaRole.Link, new() { Name = "工作人员登录" })).ToBeVisibleAsync();
        return new HomePage(page);
    }
}
