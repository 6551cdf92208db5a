using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// With JavaScript, a decision asks in a dialog (js/confirm-step.js) what the server's preview says it will do; cancelling
/// changes nothing, confirming takes the step and the next page says what happened.
/// </summary>
public sealed class VetoConfirmationTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task RecordingAVeto_AsksInADialog_WithItsConsequences_ThenSaysWhatHappened() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108002");
        var deadline = ProgrammeClock.DateOf(App.Clock.GetUtcNow()).AddDays(DynamicRules.DefaultRectificationDays);
        var formal = $"{deadline.Year}年{deadline.Month}月{deadline.Day}日";
        var (page, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.District, "110108"));

        await page.GotoAsync("/vetoes/new");
        // A few characters of the name, then the suggestion with its full path (区 › 街道 › 社区).
        var picker = page.GetByRole(Microsoft.Playwright.AriaRole.Combobox, new() { Name = "社区（村）", Exact = true });
        await picker.PressSequentiallyAsync(name[..^1]);
        var suggestion = page.GetByRole(Microsoft.Playwright.AriaRole.Option).Filter(new() { HasText = name });
        await Expect(suggestion.First).ToContainTextAsync("海淀区 › ");
        await Screenshots.SaveAsync(page, "veto-community-picker");
        await suggestion.First.ClickAsync();
        await Expect(picker).ToHaveValueAsync(code);
        await Expect(page.GetByText("已选：海淀区 › ")).ToBeVisibleAsync();
        await page.GetByLabel("卡口点位被媒体曝光").CheckAsync();
        await page.GetByLabel("来源（通报部门、媒体名称或病例通报）").FillAsync("北京日报");
        await page.GetByLabel("事件情况").FillAsync("卡口夜间无人值守");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "记录并实行一票否决" }).ClickAsync();

        var dialog = page.Locator("dialog[data-testid=confirm-dialog]");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("[data-testid=dialog-consequences]"))
            .ToHaveTextAsync($"将对 {name} 实行一票否决（目前没有有效认定，公开名单不变），并下达整改任务，期限 {formal}；发出整改通知书");
        await Screenshots.SaveAsync(page, "veto-confirm-dialog");

        // 取消: the dialog goes, the form stays filled, nothing is recorded.
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("来源（通报部门、媒体名称或病例通报）")).ToHaveValueAsync("北京日报");
        (await VetoesOfAsync(code)).ShouldBe(0);

        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "记录并实行一票否决" }).ClickAsync();
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/vetoes/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Status))
            .ToHaveTextAsync($"已记录一票否决：{name} 目前没有有效认定，公开名单不变，整改任务期限 {formal}；已发出整改通知书");
        (await VetoesOfAsync(code)).ShouldBe(1);
    });

    private async Task<int> VetoesOfAsync(string code)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WuyiDbContext>().Vetoes.CountAsync(v => v.CommunityCode == code);
    }
}
