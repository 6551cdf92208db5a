using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// Issue 14's journey, on a 375-pixel phone: the district opens the risk-ranked list, plans an inspection of a certified
/// community for its own inspector, fills it at the checkpoint (a checkpoint unstaffed, a photo) and submits it; the city
/// issues the 市级检查通报 after a dialog that says what it will do; the community is revoked at once, and the veto's page
/// shows the inspection with its photo.
/// </summary>
public sealed class InspectionPhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    /// <summary>The narrowest phone the platform is drawn for.</summary>
    private static BrowserNewContextOptions SmallPhone => new()
    {
        ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
        ReducedMotion = ReducedMotion.Reduce,
    };

    [Fact]
    public Task ARiskRankedInspection_OnAPhone_EndsInAMunicipalNotice_ThatRevokes_AndTheVetoShowsTheInspection() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108005");
        var community = await App.CreateAccountAsync(ProgrammeRole.Community, code);
        var district = await App.CreateAccountAsync(ProgrammeRole.District, "110108", "海淀区督导检查员");
        var city = await App.CreateAccountAsync(ProgrammeRole.City, "11");
        Guid id;
        using (var api = await App.ApiAsAsync(community)) id = await api.SubmitAsync(ApiClient.Scores(("A3", 1), ("C1", 1), ("C2", 1)));
        using (var api = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.Street, code[..9]))) await api.RecommendAsync(id, "推荐");
        using (var api = await App.ApiAsAsync(district))
            await api.PostAsync($"api/v1/applications/{id}/approve", new { scores = ApiClient.Scores(("A3", 1), ("C1", 1), ("C2", 1)), findings = "复核属实", comment = "复核通过" });
        using (var api = await App.ApiAsAsync(city))
        {
            await api.PostAsync($"api/v1/applications/{id}/file", new { });
            await api.PostAsync("api/v1/batches", new { applicationIds = new[] { id }, title = "督导检查测试批次" });
        }
        var inspectorId = await UserIdAsync(district);

        // The risk-ranked list on the phone: the community with its reasons, nothing wider than the screen.
        var (phone, _) = await SignedInPageAsync(district, SmallPhone);
        await phone.GotoAsync("/inspections");
        var row = phone.Locator($"[data-testid=risk-row][data-code='{code}']");
        await Expect(row.Locator("[data-testid=risk-reasons]")).ToContainTextAsync("得分高出达标线仅");
        await Expect(row.Locator("[data-testid=risk-reasons]")).ToContainTextAsync("从未检查（+5）");
        await Expect(phone.Locator("[data-testid=risk-model]")).ToContainTextAsync("北京市督导检查风险排序模型");
        await Expect(phone.Locator("[data-testid=signals-unavailable]")).ToHaveCountAsync(0); // every signal is counted
        await Screenshots.SaveAsync(phone, "inspection-risk-list-phone");
        (await ScrollsSidewaysAsync(phone)).ShouldBeFalse("the risk list scrolls sideways at 375 px");

        // The same list at a desk, for the record (the community leaves it once revoked: it is then rectifying, not certified).
        var (desk, _) = await SignedInPageAsync(district, Desk(1366, 768));
        await desk.GotoAsync("/inspections");
        await Expect(desk.Locator($"[data-testid=risk-row][data-code='{code}']")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(desk, "inspection-risk-list-desktop");

        // Plan it for today, for the district's own inspector.
        await row.Locator("input[type=checkbox]").CheckAsync();
        await phone.GetByLabel("检查人员").SelectOptionAsync(inspectorId);
        await phone.GetByRole(AriaRole.Button, new() { Name = "计划检查" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/inspections/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        var inspectionUrl = phone.Url;
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("已计划 1 次督导检查");

        // At the checkpoint: the east gate unstaffed, A1 not met, a photo.
        await phone.GetByRole(AriaRole.Link, new() { Name = "开始检查" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/inspections/[0-9a-f-]{36}/form$"), new() { Timeout = 20_000 });
        await phone.GetByLabel("检查地点（如：东门卡口、3号院北门）").FillAsync("东门卡口");
        await phone.GetByLabel("卡口 1 名称").FillAsync("东门卡口");
        var first = phone.Locator("[data-testid=checkpoint]").First;
        await first.GetByText("无人值守", new() { Exact = true }).ClickAsync();
        await first.GetByText("未落实", new() { Exact = true }).ClickAsync();
        await phone.GetByLabel("情况说明（选填）").First.FillAsync("22:40 到达时卡口无人，值守人员离岗");
        await phone.Locator("[data-testid=indicator][data-code=A1]").GetByText("未达标", new() { Exact = true }).ClickAsync();
        await phone.GetByLabel("添加照片（可多选，手机上可直接拍照）").SetInputFilesAsync(
            [new FilePayload { Name = "东门卡口.png", MimeType = "image/png", Buffer = TestFiles.Photo }]);
        await Screenshots.SaveAsync(phone, "inspection-form-phone");
        (await ScrollsSidewaysAsync(phone)).ShouldBeFalse("the inspection form scrolls sideways at 375 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交检查记录" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(inspectionUrl, new() { Timeout = 20_000 });
        await Expect(phone.GetByRole(AriaRole.Status)).ToHaveTextAsync("检查记录已提交，等待区、市社区防控组处理");
        await Expect(phone.Locator("[data-testid=checkpoints] li[data-failed=true]")).ToContainTextAsync("东门卡口");
        // A district may not issue the notice: the choice is not even offered to it.
        await Expect(phone.GetByLabel("市级检查通报（一票否决）")).ToHaveCountAsync(0);

        // The city issues the 市级检查通报: a dialog says what it will do, then it is done.
        var (cityPhone, _) = await SignedInPageAsync(city, SmallPhone);
        await cityPhone.GotoAsync(inspectionUrl);
        await cityPhone.GetByLabel("市级检查通报（一票否决）").CheckAsync();
        await cityPhone.GetByLabel("处理意见（整改、通报时必填）").FillAsync("卡口夜间无人值守，予以市级通报");
        await cityPhone.GetByRole(AriaRole.Button, new() { Name = "作出处理" }).ClickAsync();
        var dialog = cityPhone.Locator("dialog[data-testid=confirm-dialog]");
        await Expect(dialog.Locator("[data-testid=dialog-consequences]"))
            .ToContainTextAsync($"将发出市级检查通报，记为一票否决：将取消 {name} 的无疫社区认定，立即从公开名单撤下");
        await Screenshots.SaveAsync(cityPhone, "inspection-notice-confirm-phone", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(cityPhone.GetByRole(AriaRole.Status)).ToContainTextAsync($"已发出市级检查通报，已记录一票否决：{name} 的认定已取消", new() { Timeout = 20_000 });

        // Revoked on the very next public read.
        using (var anonymous = new HttpClient { BaseAddress = App.Address })
            (await anonymous.GetFromJsonAsync<JsonElement>($"api/v1/public/communities/{code}")).GetProperty("status").GetString().ShouldBe("Revoked");

        // The veto's page shows the inspection and its photo.
        await cityPhone.GetByRole(AriaRole.Link, new() { Name = "查看据此记录的一票否决事项" }).ClickAsync();
        await Expect(cityPhone).ToHaveURLAsync(new Regex("/vetoes/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        var source = cityPhone.Locator("[data-testid=veto-inspection]");
        await Expect(source.Locator("[data-testid=inspection-link]")).ToHaveAttributeAsync("href", new Uri(inspectionUrl).AbsolutePath);
        await Expect(source.Locator("[data-testid=checkpoints]")).ToContainTextAsync("无人值守");
        await cityPhone.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=inspection-photos] img'); return i && i.complete && i.naturalWidth > 0; }");
        await Screenshots.SaveAsync(cityPhone, "veto-with-inspection-phone");
        (await ScrollsSidewaysAsync(cityPhone)).ShouldBeFalse("the veto's page scrolls sideways at 375 px");

    });

    private static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");

    private async Task<string> UserIdAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(userName))!.Id;
    }
}
