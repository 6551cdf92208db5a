using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/applications: the queue of applications in the official's subtree.</summary>
public sealed class QueuePage(IPage page) : SitePage(page)
{
    public ILocator Table => Page.GetByTestId("queue");

    public ILocator Row(string communityName) => Table.GetByRole(AriaRole.Row).Filter(new() { HasText = communityName });

    public async Task<ApplicationPage> OpenAsync(string communityName)
    {
        await Table.GetByRole(AriaRole.Link, new() { Name = communityName, Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/applications/[0-9a-f-]{36}$"));
        var application = new ApplicationPage(Page);
        await Expect(application.Heading).ToHaveTextAsync(communityName);
        return application;
    }
}
