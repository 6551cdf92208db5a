using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/vetoes/new: an official records a one-vote veto (一票否决) and confirms what it will do.</summary>
public sealed class NewVetoPage(IPage page) : SitePage(page)
{
    /// <summary>A checkpoint exposed by the media (卡口点位被媒体曝光), recorded and confirmed; ends on the veto's page.</summary>
    public async Task RecordMediaExposureAsync(string code, string name, string description = "卡口夜间无人值守")
    {
        await Page.GotoAsync("/vetoes/new");
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "社区（村）", Exact = true }).FillAsync(code);
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = name }).First.ClickAsync();
        await Page.GetByLabel("卡口点位被媒体曝光").CheckAsync();
        await Page.GetByLabel("来源（通报部门、媒体名称或病例通报）").FillAsync("北京日报");
        await Page.GetByLabel("事件情况").FillAsync(description);
        await Page.GetByRole(AriaRole.Button, new() { Name = "记录并实行一票否决" }).ClickAsync();
        await Page.Locator("dialog[data-testid=confirm-dialog]").GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/vetoes/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
    }
}
