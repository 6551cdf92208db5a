using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/publication: the city's desk — file the district approvals, publish the filed ones as the next batch.</summary>
public sealed class PublicationPage(IPage page) : SitePage(page)
{
    public ILocator ToFile => Page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^待市级备案") });
    public ILocator ToPublish => Page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^已备案待公布") });
    public ILocator Batches => Page.GetByRole(AriaRole.Region, new() { Name = "已公布批次" });

    /// <summary>The checkbox that selects a community's application in a section.</summary>
    public static ILocator Selection(ILocator section, string communityName) =>
        section.GetByRole(AriaRole.Checkbox, new() { Name = "选择 " + communityName });

    public async Task<PublicationPage> OpenAsync()
    {
        await Page.GotoAsync("publication");
        await Expect(Heading).ToHaveTextAsync("备案与公布");
        return this;
    }

    /// <summary>备案所选, confirmed in its dialog.</summary>
    public async Task<PublicationPage> FileSelectedAsync(int count)
    {
        await ToFile.GetByRole(AriaRole.Button, new() { Name = "备案所选", Exact = true }).ClickAsync();
        await ConfirmAsync($"将对 {count} 件区级评定通过的申报作市级备案：");
        await Expect(Flash).ToHaveTextAsync(new Regex($"^已备案 {count} 件：.+，已列入待公布名单$"));
        return this;
    }

    /// <summary>将所选公布为第 n 批, confirmed in its dialog.</summary>
    public async Task<PublicationPage> PublishAsync(int batch, int count)
    {
        await ToPublish.GetByRole(AriaRole.Button, new() { Name = $"将所选公布为第 {batch} 批", Exact = true }).ClickAsync();
        await ConfirmAsync($"将把 {count} 个社区（村）公布为第 {batch} 批无疫社区");
        await Expect(Flash).ToHaveTextAsync(new Regex($"^已公布第 {batch} 批无疫社区（“.+”）：{count} 个社区（村）已列入公开名单$"));
        return this;
    }
}
