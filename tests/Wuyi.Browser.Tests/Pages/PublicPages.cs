using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/: the public home page with the summary figures.</summary>
public sealed class HomePage(IPage page) : SitePage(page)
{
    public ILocator Summary => Page.GetByTestId("summary");

    public async Task<HomePage> OpenAsync()
    {
        await Page.GotoAsync("");
        await Expect(Heading).ToContainTextAsync("无疫社区（村）");
        return this;
    }
}

/// <summary>/public: the certified list by district → street.</summary>
public sealed class PublicListPage(IPage page) : SitePage(page)
{
    public ILocator Count => Page.GetByTestId("count");

    public async Task<PublicListPage> OpenAsync(string query = "")
    {
        await Page.GotoAsync("public" + query);
        await Expect(Heading).ToHaveTextAsync("无疫社区（村）认定名单");
        return this;
    }

    /// <summary>The district's section (its h2).</summary>
    public ILocator District(string name) =>
        Page.Locator("main section").Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 2 }) });

    /// <summary>The list under a street's heading (h3) in a district's section.</summary>
    public ILocator Street(string district, string street) =>
        District(district).Locator($"xpath=.//h3[normalize-space()='{street}']/following-sibling::ul[1]");

    /// <summary>A community's entry in its street's list ("name 第n批").</summary>
    public ILocator Entry(string district, string street, string community) =>
        Street(district, street).GetByRole(AriaRole.Listitem).Filter(new() { HasText = community });
}

/// <summary>/public/communities/{code}: one community's public status.</summary>
public sealed class PublicCommunityPage(IPage page) : SitePage(page)
{
    public ILocator Status => Page.GetByTestId("public-status");

    public ILocator BatchLine => Page.GetByText("批公布，认定日期");
}

/// <summary>/public/batches/{n}: a published batch as printed, by district then street.</summary>
public sealed class BatchPage(IPage page) : SitePage(page)
{
    public async Task<BatchPage> OpenAsync(int number)
    {
        await Page.GotoAsync($"public/batches/{number}");
        await Expect(Heading).ToBeVisibleAsync();
        return this;
    }

    public ILocator District(string name) =>
        Page.Locator("section.batch-district").Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Level = 2 }).Filter(new() { HasText = name }) });

    /// <summary>The street's line ("street：community、community…").</summary>
    public ILocator Street(string district, string street) => District(district).Locator("p").Filter(new() { HasText = street + "：" });
}
