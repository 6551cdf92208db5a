using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// A community appeals a veto from a phone with its reasons and its evidence in one form; the city's official, who took no part,
/// reads the files beside the reasons and decides after the confirmation says what the decision will do.
/// </summary>
public sealed class AppealPhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task TheCommunity_AppealsAVeto_WithItsEvidence_FromAPhone_AndTheCityDecidesHavingSeenIt() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110105004");
        var district = await App.CreateAccountAsync(ProgrammeRole.District, "110105");
        var (desk, _) = await SignedInPageAsync(district);
        await new NewVetoPage(desk).RecordMediaExposureAsync(code, name, "东门卡口夜间无人值守");

        var (phone, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.Community, code), Phone);
        await phone.GotoAsync("/appeals/new");
        await phone.Locator("[data-testid=candidates] a").Filter(new() { HasText = "一票否决" }).First.ClickAsync();
        await phone.GetByLabel("申诉理由").FillAsync("报道所指东门卡口属相邻社区管理，本社区卡口当晚有人值守，见值守照片和街道说明");
        await phone.GetByLabel("申诉材料（选填，可多选）").SetInputFilesAsync(
        [
            new FilePayload { Name = "当晚值守照片.png", MimeType = "image/png", Buffer = TestFiles.Photo },
            new FilePayload { Name = "街道情况说明.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf },
        ]);
        await Screenshots.SaveAsync(phone, "appeal-form-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/appeals/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("已提出申诉");
        await Expect(phone.Locator("[data-testid=appeal-evidence] li")).ToHaveCountAsync(2);
        await phone.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=appeal-evidence] img'); return i && i.complete && i.naturalWidth > 0; }");
        await Expect(phone.Locator("[data-testid=stands]")).ToContainTextAsync("申诉期间原决定照常执行");
        await Screenshots.SaveAsync(phone, "appeal-filed-phone");
        var appealUrl = phone.Url;

        var (city, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.City, "11"));
        await city.GotoAsync(appealUrl);
        await Expect(city.Locator("[data-testid=appeal-evidence] li[data-kind=Pdf]")).ToContainTextAsync("街道情况说明.pdf");
        await city.GetByLabel("申诉成立").CheckAsync();
        await city.GetByLabel("复核意见").FillAsync("经核实，东门卡口属相邻社区管理，街道情况说明与值守照片可以印证");
        await city.GetByRole(AriaRole.Button, new() { Name = "作出复核决定" }).ClickAsync();
        var dialog = city.Locator("dialog[data-testid=confirm-dialog]");
        await Expect(dialog).ToContainTextAsync(name);
        await Screenshots.SaveAsync(city, "appeal-decide-confirm-desktop");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(city.Locator("[data-testid=state]")).ToHaveTextAsync("申诉成立", new() { Timeout = 20_000 });
        await Expect(city.Locator("[data-testid=notice]")).ToContainTextAsync("京无疫复");
        await Screenshots.SaveAsync(city, "appeal-decided-desktop");
    });
}
