using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// A community reports its rectification from a phone: what it fixed and its photos in one form, one tap; the district
/// then sees the photos as thumbnails and the PDF as a labelled tile.
/// </summary>
public sealed class RectificationPhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task TheCommunity_ReportsWithItsPhotos_FromAPhone_AndTheDistrictSeesThumbnails() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108003");
        var district = await App.CreateAccountAsync(ProgrammeRole.District, "110108");
        var (desk, _) = await SignedInPageAsync(district);
        await new NewVetoPage(desk).RecordMediaExposureAsync(code, name);

        var (phone, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.Community, code), Phone);
        await phone.GotoAsync("/rectifications");
        await phone.GetByRole(AriaRole.Link, new() { Name = name }).First.ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/rectifications/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        var taskUrl = phone.Url;
        await phone.GetByLabel("整改情况（做了哪些整改）").FillAsync("已恢复卡口24小时值守，排班到人");
        await phone.GetByLabel("佐证文件（选填，可多选）").SetInputFilesAsync(
        [
            new FilePayload { Name = "值守照片.png", MimeType = "image/png", Buffer = TestFiles.Photo },
            new FilePayload { Name = "整改通知回执.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf },
        ]);
        await Screenshots.SaveAsync(phone, "rectification-report-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交整改情况和佐证文件" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToHaveTextAsync("整改情况已报告，等待区社区防控组验收");
        var files = phone.Locator("[data-testid=evidence-files] li");
        await Expect(files).ToHaveCountAsync(2);
        await Expect(phone.Locator("[data-testid=evidence-files] img")).ToHaveAttributeAsync("alt", "值守照片.png");
        // The preview is made on first request: wait for it to arrive (a broken image never does), then it is the photo's size.
        await phone.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=evidence-files] img'); return i && i.complete && i.naturalWidth > 0; }");
        (await phone.Locator("[data-testid=evidence-files] img").EvaluateAsync<int>("img => img.naturalWidth")).ShouldBe(2); // the photo loaded
        await Screenshots.SaveAsync(phone, "rectification-reported-phone");

        await desk.GotoAsync(taskUrl);
        await Expect(desk.Locator("[data-testid=evidence-files] li[data-kind=Pdf]")).ToContainTextAsync("整改通知回执.pdf");
        await Screenshots.SaveAsync(desk, "rectification-review-desktop");
    });
}
