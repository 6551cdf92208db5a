using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// 认定证书 and 证书核验 as people use them: the community opens its certificate from its story and prints it (A4, and the
/// plaque); a resident scans the code on a phone and reads the live status in large type; after a veto the same address
/// says 已取消认定 on the very next visit.
/// </summary>
public sealed class CertificateTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task TheCertificatesCode_LeadsAPhone_ToTheLiveStatus_WhichAVetoTurns_OnTheNextVisit() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108004");
        var community = await App.CreateAccountAsync(ProgrammeRole.Community, code);
        var district = await App.CreateAccountAsync(ProgrammeRole.District, "110108");
        Guid id;
        using (var api = await App.ApiAsAsync(community)) id = await api.SubmitAsync(ApiClient.Scores());
        using (var api = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.Street, code[..9]))) await api.RecommendAsync(id, "推荐");
        using (var api = await App.ApiAsAsync(district))
            await api.PostAsync($"api/v1/applications/{id}/approve", new { scores = ApiClient.Scores(), comment = "复核通过" });
        using (var api = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.City, "11")))
        {
            await api.PostAsync($"api/v1/applications/{id}/file", new { });
            await api.PostAsync("api/v1/batches", new { applicationIds = new[] { id }, title = "证书核验测试批次" });
        }

        // The community finds its certificate on its story page, and the plaque beside it.
        var (desk, _) = await SignedInPageAsync(community);
        await desk.GotoAsync($"/communities/{code}/story");
        await desk.Locator("[data-testid=certificate]").GetByRole(AriaRole.Link, new() { Name = "认定证书" }).ClickAsync();
        await Expect(desk).ToHaveURLAsync(new Regex("/certificates/"), new() { Timeout = 20_000 });
        await Expect(desk.Locator("[data-testid=certificate-community]")).ToContainTextAsync(name);
        var number = (await desk.Locator("[data-testid=certificate-number]").First.TextContentAsync())!.Trim();
        number.ShouldMatch(@"^京无疫证〔\d{4}〕0108-\d{4,}$");
        await Expect(desk.Locator("[data-testid=certificate-qr] svg")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(desk, "certificate-a4-desktop");
        await desk.GetByRole(AriaRole.Link, new() { Name = "牌匾样式" }).ClickAsync();
        await Expect(desk.Locator("article.certificate-plaque")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(desk, "certificate-plaque-desktop");

        // What the QR code holds is what a phone opens: anonymous, the status in large type.
        var address = await desk.Locator("[data-testid=certificate-qr]").GetAttributeAsync("data-url");
        address.ShouldNotBeNull();
        (await desk.Locator("[data-testid=verify-url]").GetAttributeAsync("href")).ShouldBe(address);
        var phone = await NewPageAsync(Phone);
        await phone.GotoAsync(address);
        await Expect(phone.Locator("[data-testid=certificate-status]")).ToHaveTextAsync("有效");
        await Expect(phone.Locator("[data-testid=certificate-number]")).ToHaveTextAsync(number);
        await Screenshots.SaveAsync(phone, "certificate-verify-valid-phone");

        using (var api = await App.ApiAsAsync(district))
            await api.PostAsync("api/v1/vetoes", new
            {
                communityCode = code, kind = VetoKind.MediaExposure, occurredAt = App.Clock.GetUtcNow().AddDays(-1),
                source = "北京日报", description = "卡口夜间无人值守", documentReference = "京防控通报〔2022〕7号",
            });
        await phone.ReloadAsync();
        await Expect(phone.Locator("[data-testid=certificate-status]")).ToHaveTextAsync("已取消认定");
        await Expect(phone.Locator("[data-testid=revoked]")).ToContainTextAsync("取消认定");
        await Screenshots.SaveAsync(phone, "certificate-verify-revoked-phone");

        // The printed certificate says so too, across the page.
        await desk.GotoAsync(new Uri(address).PathAndQuery.Replace("/public/verify/", "/certificates/", StringComparison.Ordinal));
        await Expect(desk.Locator("[data-testid=not-valid]")).ToContainTextAsync("已取消认定");

        // The community reads its notices on a phone, from its to-do page: 取消认定通知书, then 整改通知书.
        var (hand, _) = await SignedInPageAsync(community, Phone);
        await hand.GotoAsync("/work");
        var notices = hand.Locator("[data-testid=notices] [data-testid=notice-link]");
        await Expect(notices).ToHaveCountAsync(2);
        await notices.Filter(new() { HasText = "取消认定通知书" }).ClickAsync();
        await Expect(hand.Locator("[data-testid=notice-title]")).ToHaveTextAsync("取消认定通知书");
        await Expect(hand.Locator("[data-testid=notice-addressee]")).ToContainTextAsync(name);
        await Expect(hand.Locator("[data-testid=notice-pdf]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(hand, "notice-revocation-phone");

        // Its public page shows the live badge (now 已取消认定) with the code to embed it; the open dataset's page on a desk.
        await phone.GotoAsync($"/public/communities/{code}");
        await Expect(phone.Locator("[data-testid=badge]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(phone, "public-community-badge-phone");
        await desk.GotoAsync("/public/data");
        await Expect(desk.Locator("h1")).ToContainTextAsync("认定名单");
        await Screenshots.SaveAsync(desk, "open-data-desktop");
    });
}
