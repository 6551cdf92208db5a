using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// 群众监督 from a phone: a resident opens a community's public page, reports a problem with a photo without an account,
/// keeps the receipt number; the district finds it in its queue, sees the photo and closes it; the resident's receipt then
/// shows the public outcome and nothing of the report.
/// </summary>
public sealed class ResidentReportPhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task AResident_ReportsFromAPhone_TheDistrictClosesIt_AndTheReceiptShowsTheOutcome() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108004");

        var phone = await NewPageAsync(Phone);
        await phone.GotoAsync($"/public/communities/{code}");
        await phone.GetByRole(AriaRole.Link, new() { Name = "我要反映问题" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/public/communities/{code}/report$"));
        await Expect(phone.GetByText(name).First).ToBeVisibleAsync();
        await phone.GetByLabel("卡口无人值守").CheckAsync();
        await phone.GetByLabel("问题描述").FillAsync("西门卡口晚上九点后无人值守");
        await phone.GetByLabel("照片（可选）").SetInputFilesAsync(new FilePayload { Name = "西门.png", MimeType = "image/png", Buffer = TestFiles.Photo });
        await phone.GetByLabel("联系电话（可选）").FillAsync("13900139000");
        await phone.GetByLabel(new Regex("^我确认所反映情况属实")).CheckAsync();
        (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue(); // no sideways scrolling
        await Screenshots.SaveAsync(phone, "resident-report-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交反映" }).ClickAsync();

        await Expect(phone).ToHaveURLAsync(new Regex("/public/reports/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\?new=true$"), new() { Timeout = 20_000 });
        await Expect(phone.Locator("[data-testid=report-sent]")).ToBeVisibleAsync();
        var receipt = (await phone.Locator("[data-testid=receipt]").TextContentAsync())!.Trim();
        await Expect(phone.Locator("[data-testid=report-status]")).ToHaveTextAsync("已收到");
        await Expect(phone.Locator("body")).Not.ToContainTextAsync("西门卡口");
        await Screenshots.SaveAsync(phone, "resident-report-receipt-phone");

        var (desk, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.District, "110108"));
        await desk.GotoAsync("/work");
        await desk.Locator("[data-testid=todo-resident-reports]").ClickAsync();
        await desk.Locator($"tr[data-receipt='{receipt}'] a").ClickAsync();
        await Expect(desk).ToHaveURLAsync(new Regex("/resident-reports/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        await Expect(desk.Locator("[data-testid=text]")).ToHaveTextAsync("西门卡口晚上九点后无人值守");
        await desk.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=photo]'); return i && i.complete && i.naturalWidth > 0; }");
        await desk.GetByLabel("办理结果（向反映人公开，一句话）").FillAsync("经核查属实，已督促西门恢复24小时值守");
        await desk.GetByRole(AriaRole.Button, new() { Name = "办结" }).ClickAsync();
        await desk.Locator("dialog[data-testid=confirm-dialog]").GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(desk.Locator("[data-testid=state]")).ToHaveTextAsync("已办结", new() { Timeout = 20_000 });
        await Screenshots.SaveAsync(desk, "resident-report-closed-desktop");

        await phone.GotoAsync("/public/reports");
        await phone.GetByLabel("回执号").FillAsync(receipt.ToLowerInvariant());
        await phone.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(phone.Locator("[data-testid=report-status]")).ToHaveTextAsync("已办结");
        await Expect(phone.Locator("[data-testid=report-outcome]")).ToHaveTextAsync("经核查属实，已督促西门恢复24小时值守");
        await Screenshots.SaveAsync(phone, "resident-report-outcome-phone");
    });
}
