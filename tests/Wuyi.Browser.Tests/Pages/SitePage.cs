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

    /// <summary>退出 in the navigation bar; ends on the public home page, signed out.</summary>
    public async Task<HomePage> SignOutAsync()
    {
        await Navigation.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(Navigation.GetByRole(AriaRole.Link, new() { Name = "工作人员登录" })).ToBeVisibleAsync();
        return new HomePage(page);
    }
}
