using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>The self-assessment on a phone at the checkpoint: 390×844, touch.</summary>
public sealed class PhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const int Width = 390;

    [Fact]
    public Task CommunityForm_OnAPhone_IsUsable() => Journey(async () =>
    {
        var (page, work) = await SignedInPageAsync("community", Phone);
        await Screenshots.SaveAsync(page, "work-community-phone");
        var form = await work.StartSelfAssessmentAsync();
        await Screenshots.SaveAsync(page, "self-assessment-phone");

        foreach (var code in SelfAssessmentPage.Codes)
        {
            var score = form.Score(code);
            await Expect(score).ToBeVisibleAsync();
            await Expect(score).ToBeEditableAsync();
            await Expect(score).ToHaveAccessibleNameAsync(new Regex($"^{code} \\S"));
            var box = (await score.BoundingBoxAsync())!;
            box.X.ShouldBeGreaterThanOrEqualTo(0, $"{code} starts off the screen");
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(Width, $"{code} ends off the screen");
            box.Height.ShouldBeGreaterThanOrEqualTo(32, $"{code} is too small to tap");
        }
        (await NoHorizontalScrollAsync(page)).ShouldBeTrue("the form scrolls sideways on a phone");

        // A2 is worth 10: 12 is refused beside the field, in Chinese, and what was typed stays.
        await form.Score("A1").TapAsync();
        await form.Score("A1").FillAsync("15");
        await form.Score("A2").FillAsync("12");
        await Expect(form.LiveSubtotal).ToHaveTextAsync("15"); // 12 is out of range: not counted, and said at once beside A2
        await Expect(form.ErrorFor("A2")).ToHaveTextAsync("应在 0 到 10 分之间");
        await Expect(form.LiveTotal).ToHaveTextAsync("—");
        await form.SaveDraft.TapAsync();
        await Expect(form.Errors).ToContainTextAsync("评分有误");
        var error = form.ErrorFor("A2");
        await Expect(error).ToHaveTextAsync("A2 严格落实“四件套”查验措施：得分 12 超出范围，应在 0 到 10 分之间");
        await Expect(form.ErrorFor("A1")).ToBeEmptyAsync();
        await Expect(form.Score("A2")).ToHaveValueAsync("12");
        await Expect(form.Score("A1")).ToHaveValueAsync("15");

        // "Next to the field": right under A2's box, inside the screen, and visible once scrolled to.
        await error.ScrollIntoViewIfNeededAsync();
        await Expect(error).ToBeInViewportAsync();
        var field = (await form.Score("A2").BoundingBoxAsync())!;
        var message = (await error.BoundingBoxAsync())!;
        (message.Y - (field.Y + field.Height)).ShouldBeInRange(-1, 40, "the message is not right under A2");
        (message.X + message.Width).ShouldBeLessThanOrEqualTo(Width);
        (await NoHorizontalScrollAsync(page)).ShouldBeTrue("the refused form scrolls sideways on a phone");
        await Screenshots.SaveAsync(page, "self-assessment-phone-error-in-view", fullPage: false);
        await Screenshots.SaveAsync(page, "self-assessment-phone-error");
    });

    [Fact]
    public Task StartFromLast_AndTheHistory_OnAPhone() => Journey(async () =>
    {
        // A community whose last application was withdrawn, with a case number and a history of three steps.
        var (code, _) = await App.CommunityInAsync("110105");
        var userName = await App.CreateAccountAsync(Wuyi.Domain.Applications.ProgrammeRole.Community, code);
        using (var api = await App.ApiAsAsync(userName))
        {
            var earlier = await api.SubmitAsync(ApiClient.Scores(("B3", 3.5m)));
            await api.WithdrawAsync(earlier, "重新准备");
        }
        var (page, _) = await SignedInPageAsync(userName, Phone);
        var startFromLast = page.GetByTestId("start-from-last");
        await Expect(startFromLast).ToHaveTextAsync("以上次申报为起点");
        await Expect(page.GetByText(new Regex(@"办件编号 \d{4}-110105-\d{4}"))).ToBeVisibleAsync();
        (await NoHorizontalScrollAsync(page)).ShouldBeTrue("the work page scrolls sideways on a phone");
        await Screenshots.SaveAsync(page, "work-community-phone-start-from-last");

        await startFromLast.TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/applications/[0-9a-f-]{36}/self-assessment$"));
        var form = new SelfAssessmentPage(page);
        await Expect(form.Score("B3")).ToHaveValueAsync("3.5"); // the last self-assessment, to check again

        // The previous application's history: each step's number beside its name, not on a line of its own.
        await page.GotoAsync("applications?state=Withdrawn");
        await page.GotoAsync(await page.GetByTestId("queue").Locator("tbody a").First.GetAttributeAsync("href") ?? "");
        var first = page.GetByTestId("history").Locator("li").First;
        var step = first.Locator("strong");
        await Expect(step).ToHaveTextAsync("创建申报");
        var item = (await first.BoundingBoxAsync())!;
        var name = (await step.BoundingBoxAsync())!;
        (name.Y - item.Y).ShouldBeLessThan(20, "the step's name sits under its number");
        (name.X - item.X).ShouldBeGreaterThan(20, "the number is not beside the step's name");
        (await NoHorizontalScrollAsync(page)).ShouldBeTrue("the application page scrolls sideways on a phone");
        await Screenshots.SaveAsync(page, "application-detail-community-phone");
    });

    private static Task<bool> NoHorizontalScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth");
}
