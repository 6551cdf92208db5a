using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Web.Accounts;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// The top menu of every account on its main pages, on the demo programme, at 1366×768, 1920×1080 and 390×844:
/// every menu entry and button on one line of its text, no page that scrolls sideways, the current page marked
/// (aria-current), and each account offered only what it may use. Screenshots:
/// artifacts/screenshots/&lt;account&gt;-&lt;page&gt;-&lt;width&gt;.png and &lt;account&gt;-menu-&lt;width&gt;.png (the menu opened).
/// </summary>
public sealed class MenuTests(DemoBrowserApp app) : BrowserTest(app), IClassFixture<DemoBrowserApp>
{
    private static readonly (int Width, int Height)[] Sizes = [(1366, 768), (1920, 1080), (390, 844)];

    /// <summary>What each account's menu offers (its main pages), as the permission tables say; nothing else.</summary>
    public static TheoryData<string, string[]> Accounts => new()
    {
        { "community", ["/work", "/applications/mine", "/rectifications", "/appeals", "/duty-roster", "/hotline"] },
        { "street", ["/work", "/applications", "/communities", "/rectifications", "/duty-roster", "/resident-reports", "/hotline", "/dashboards"] },
        { "district", ["/work", "/applications", "/communities", "/vetoes", "/rectifications", "/re-evaluations", "/appeals", "/inspections", "/duty-roster", "/resident-reports", "/hotline", "/hotline/import", "/dashboards"] },
        { "city", ["/work", "/applications", "/publication", "/scales", "/communities", "/vetoes", "/rectifications", "/re-evaluations", "/appeals", "/pass-marks", "/inspections", "/duty-roster", "/resident-reports", "/hotline", "/hotline/import", "/dashboards"] },
    };

    [Theory]
    [MemberData(nameof(Accounts))]
    public Task ProgrammeAccount_MenuFitsOnEveryPage(string account, string[] pages) => Journey(async () =>
    {
        var (page, work) = await SignedInPageAsync(account, Desk(1366, 768));
        await MenuOffersExactlyAsync(page, pages);
        await CheckPagesAsync(page, work, account, pages);
    });

    [Theory]
    [InlineData("secadmin", "/account/admin", "账号管理")]
    [InlineData("auditadmin", "/audit", "审计日志")]
    [InlineData("sysadmin", "/system", "系统状态")]
    public Task Administrator_LandsOnItsOwnPage_AndItsMenuFits(string account, string own, string heading) => Journey(async () =>
    {
        var page = await NewPageAsync(Desk(1366, 768));
        var login = await new LoginPage(page).OpenAsync();
        await login.UserName.FillAsync(account);
        await login.Password.FillAsync(DemoAccounts.Password);
        await login.SignIn.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login/two-factor"));
        await page.GetByLabel("动态验证码").FillAsync(await CodeAsync(account));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(own) + "$"));
        await Expect(login.Heading).ToHaveTextAsync(heading);
        await MenuOffersExactlyAsync(page, [own]);
        await CheckPagesAsync(page, login, account, [own, "/account/two-factor"]);
    });

    [Fact]
    public Task Administrator_FinishingEnrolment_LandsOnItsOwnPage() => Journey(async () =>
    {
        var name = await NewAdministratorAsync("system");
        var page = await NewPageAsync(Desk(1366, 768));
        var login = await new LoginPage(page).OpenAsync();
        await login.UserName.FillAsync(name);
        await login.Password.FillAsync(DemoAccounts.Password);
        await login.SignIn.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/two-factor\\?returnUrl="));
        await Expect(page.GetByTestId("two-factor-required")).ToBeVisibleAsync();
        var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "");
        await page.GetByLabel("动态验证码").FillAsync(Code(key));
        await page.Locator("form#two-factor").GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/system$"));
        await Expect(login.Heading).ToHaveTextAsync("系统状态");
        await Expect(login.Flash).ToContainTextAsync("已启用双因素认证");
        await Screenshots.SaveAsync(page, "new-sysadmin-system-1366");
    });

    [Fact]
    public Task WithoutJavaScript_TheMenuIsStillReachable_OnAPhone() => Journey(async () =>
    {
        var options = Phone;
        options.JavaScriptEnabled = false;
        var (page, work) = await SignedInPageAsync("district", options);
        await Expect(work.MenuToggle).ToBeHiddenAsync(); // nothing to collapse it with: the menu stays open
        await work.MenuGroup("动态管理").ClickAsync();
        await Expect(work.Navigation.GetByRole(AriaRole.Link, new() { Name = "一票否决", Exact = true })).ToBeVisibleAsync();
        (await ProblemsAsync(page)).ShouldBeEmpty();
        await Screenshots.SaveAsync(page, "district-menu-nojs-390");
        await work.Navigation.GetByRole(AriaRole.Link, new() { Name = "一票否决", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/vetoes$"));
    });

    private async Task CheckPagesAsync(IPage page, SitePage site, string account, IEnumerable<string> pages)
    {
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in pages)
            {
                await page.GotoAsync(path.TrimStart('/'));
                var name = $"{account}-{Slug(path)}-{width}";
                await Screenshots.SaveAsync(page, name);
                var current = site.Navigation.Locator($"a[href='{path}'][aria-current=page]");
                if (new Uri(page.Url).AbsolutePath == path && path != "/account/two-factor") await Expect(current).ToHaveCountAsync(1); // /applications/mine may go on to the application itself
                (await ProblemsAsync(page)).ShouldBeEmpty($"{name}.png");
            }
            // The menu opened: on a phone through 展开菜单, then a group; on a desk a group's drop-down.
            await site.ExpandMenuAsync();
            var groups = site.Navigation.Locator("[data-testid=menu] details > summary");
            if (await groups.CountAsync() > 0) await groups.First.ClickAsync();
            await Screenshots.SaveAsync(page, $"{account}-menu-{width}", fullPage: false);
            (await ProblemsAsync(page)).ShouldBeEmpty($"{account}-menu-{width}.png");
        }
    }

    private static async Task MenuOffersExactlyAsync(IPage page, string[] pages)
    {
        var offered = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('[data-testid=menu] a')).map(a => a.getAttribute('href')).filter(h => h !== '/public' && !h.startsWith('/public/'))");
        offered.ShouldBe(pages, ignoreOrder: true);
    }

    /// <summary>
    /// Measured in the page: the page scrolling sideways, and any menu entry, button or status badge in a table (each
    /// group's drop-down opened in turn) whose text takes more than one line — its content box taller than 1.5 × its computed line-height.
    /// </summary>
    private static Task<string[]> ProblemsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const problems = [];
          const doc = document.scrollingElement || document.documentElement;
          if (doc.scrollWidth > doc.clientWidth) problems.push(`页面横向滚动 ${doc.scrollWidth} > ${doc.clientWidth}`);
          const tall = (el) => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return;
            const s = getComputedStyle(el);
            const line = s.lineHeight === 'normal' ? parseFloat(s.fontSize) * 1.5 : parseFloat(s.lineHeight);
            const content = r.height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom) - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
            if (content > line * 1.5) problems.push(`“${el.textContent.trim()}” 占 ${Math.round(content / line)} 行（高 ${Math.round(content)}px，行高 ${line}px）`);
          };
          const nav = 'nav[aria-label="主导航"]';
          const check = () => document.querySelectorAll(`${nav} .nav-link, ${nav} .dropdown-item, ${nav} .navbar-brand, .btn, table .badge`).forEach(tall);
          check();
          const menus = Array.from(document.querySelectorAll('details.nav-menu'));
          const wasOpen = menus.map(m => m.open);
          menus.forEach(m => { menus.forEach(o => o.open = false); m.open = true; check(); });
          menus.forEach((m, i) => m.open = wasOpen[i]);
          return [...new Set(problems)];
        }
        """);

    private static string Slug(string path) => path.Trim('/').Replace('/', '-');

    /// <summary>The demo administrator's authenticator code now, by the app's clock.</summary>
    private async Task<string> CodeAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        return Code((await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(userName))!))!);
    }

    private string Code(string base32Key) =>
        AuthenticatorCodes.Code(AuthenticatorCodes.FromBase32(base32Key), App.Clock.GetUtcNow().ToUnixTimeSeconds() / 30)
            .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An administrator of this kind with no authenticator yet (as a new one is); returns its name.</summary>
    private async Task<string> NewAdministratorAsync(string kind)
    {
        var name = await App.CreateAccountAsync(Wuyi.Domain.Applications.ProgrammeRole.District, "110108", "新系统管理员");
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        (await users.AddClaimAsync((await users.FindByNameAsync(name))!, new System.Security.Claims.Claim(WuyiClaims.Administrator, kind))).Succeeded.ShouldBeTrue();
        return name;
    }
}
