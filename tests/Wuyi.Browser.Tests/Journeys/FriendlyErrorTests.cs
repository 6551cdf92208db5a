using System.Text.RegularExpressions;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>What a person sees when a page does not exist or is not theirs: a page in Chinese with a way on, not a bare status.</summary>
public sealed class FriendlyErrorTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task UnknownCommunity_ShowsNotFound() => Journey(async () =>
    {
        var page = await NewPageAsync();
        var response = await page.GotoAsync("public/communities/000000000000");
        response!.Status.ShouldBe(404);
        var shown = new PublicCommunityPage(page);
        await Expect(shown.Heading).ToHaveTextAsync("未找到该社区（村）"); // spoken to a resident, not of an account's scope
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "查找社区（村）" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "error-404-unknown-community");
    });

    [Fact]
    public Task CommunityAccount_OnThePublicationDesk_SeesNoAccess() => Journey(async () =>
    {
        var (page, _) = await SignedInPageAsync("community");
        var response = await page.GotoAsync("publication");
        response!.Status.ShouldBe(403);
        await Expect(page).ToHaveURLAsync(new Regex("/account/denied"));
        var shown = new WorkPage(page);
        await Expect(shown.Heading).ToHaveTextAsync("无权访问");
        await Expect(shown.SignedInAs).ToContainTextAsync("翠微路社区居委会"); // still signed in, just not allowed
        await Screenshots.SaveAsync(page, "error-403-community-on-publication");
    });
}
