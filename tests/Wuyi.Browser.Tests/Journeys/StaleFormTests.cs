using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>Two officials of the same street open the same application; the second acts on what is no longer there.</summary>
public sealed class StaleFormTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task StaleForm_TellsTheUserWhatHappened() => Journey(async () =>
    {
        // Another community of 万寿路街道, submitted; a second official of the street beside the demo one.
        var (code, name) = await App.CommunityInAsync("110108001");
        using var community = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.Community, code));
        var id = await community.SubmitAsync(ApiClient.Scores(("B3", 4)));
        var colleague = await App.CreateAccountAsync(ProgrammeRole.Street, "110108001", "万寿路街道办事处（值班）");

        var (first, _) = await SignedInPageAsync("street");
        var (second, _) = await SignedInPageAsync(colleague);
        var mine = await new ApplicationPage(first).OpenAsync(id);
        var theirs = await new ApplicationPage(second).OpenAsync(id);
        await Expect(mine.State).ToHaveTextAsync("待街道推荐");
        await Expect(theirs.State).ToHaveTextAsync("待街道推荐");

        await mine.RecommendAsync("同意推荐");
        await Expect(mine.State).ToHaveTextAsync("待区级评定");

        // The colleague, still looking at 待街道推荐, returns it.
        await theirs.Comment.FillAsync("请补充卡口值守排班表");
        await theirs.Return.ClickAsync();
        await Expect(theirs.Errors).ToContainTextAsync("已被他人");
        await Expect(theirs.Errors).ToContainTextAsync("刷新");
        await Expect(theirs.State).ToHaveTextAsync("待区级评定"); // the page now shows what happened
        await Expect(theirs.History).ToContainTextAsync("同意推荐");
        await Expect(theirs.Return).ToHaveCountAsync(0); // and there is nothing left for the street to do
        await Screenshots.SaveAsync(second, "application-detail-stale-refused");

        // Nothing changed: recommended, not returned.
        var stored = await community.GetAsync(id);
        stored.GetProperty("state").GetString().ShouldBe(nameof(ApplicationState.Recommended));
        var history = stored.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        history.ShouldBe([nameof(ApplicationAction.Create), nameof(ApplicationAction.Submit), nameof(ApplicationAction.Recommend)]);
        await Expect(mine.Page.GetByText("已被他人")).ToHaveCountAsync(0);
    });
}
