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

    /// <summary>The dialog in which a decision asks to be confirmed (js/confirm-step.js).</summary>
    public ILocator ConfirmDialog => page.Locator("dialog[data-testid=confirm-dialog]");

    /// <summary>What the last confirmed decision said it would do, as its dialog showed it.</summary>
    public string? LastConsequences { get; private set; }

    /// <summary>
    /// Confirms a decision in its dialog: waits for the consequences, which start with <paramref name="will"/>
    /// (将推荐…), keeps them in <see cref="LastConsequences"/> and clicks 确认.
    /// </summary>
    public async Task ConfirmAsync(string will)
    {
        var said = ConfirmDialog.GetByTestId("dialog-consequences");
        await Expect(said).ToHaveTextAsync(new Regex("^" + Regex.Escape(will)));
        LastConsequences = await said.TextContentAsync();
        await ConfirmDialog.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
    }

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
