using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// 统计分析 in Chromium on the demo programme: the charts are drawn (ECharts, from the figures of the table under each),
/// and a city official drills down from the city to a district and a street, then to a community's story.
/// Screenshots: city-dashboard-haidian-1366.png, street-dashboard-390.png, public-statistics-390.png.
/// </summary>
public sealed class DashboardTests(DemoBrowserApp app) : BrowserTest(app), IClassFixture<DemoBrowserApp>
{
    [Fact]
    public Task TheCity_DrillsDownToAStreet_AndEveryChartIsDrawn() => Journey(async () =>
    {
        var (page, _) = await SignedInPageAsync("city", Desk(1366, 768));
        await page.GotoAsync("dashboards");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("统计分析 · 北京市");
        var charts = page.Locator("[data-chart]");
        (await charts.CountAsync()).ShouldBeGreaterThanOrEqualTo(6);
        for (var i = 0; i < await charts.CountAsync(); i++)
            await Expect(charts.Nth(i).Locator("svg")).ToBeVisibleAsync(); // drawn, not an empty box

        await page.GetByTestId("table-funnel").GetByRole(AriaRole.Link, new() { Name = "海淀区", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("within=110108$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("统计分析 · 海淀区");
        await Screenshots.SaveAsync(page, "city-dashboard-haidian-1366");

        await page.GetByTestId("table-funnel").GetByRole(AriaRole.Link, new() { Name = "万寿路街道", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("within=110108001$"));
        await page.GetByTestId("table-funnel").GetByRole(AriaRole.Link, new() { Name = "翠微路社区居委会", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/communities/110108001001/story$"));
    });

    [Fact]
    public Task AStreet_OnAPhone_AndTheResidents_ReadTheirFigures() => Journey(async () =>
    {
        var (page, _) = await SignedInPageAsync("street", Phone);
        await page.GotoAsync("dashboards");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("统计分析 · 万寿路街道");
        await Expect(page.Locator("[data-chart] svg").First).ToBeVisibleAsync();
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways");
        await Screenshots.SaveAsync(page, "street-dashboard-390");

        var resident = await NewPageAsync(Phone);
        await resident.GotoAsync("public/statistics");
        await Expect(resident.GetByTestId("table-districts").Locator("tbody tr")).ToHaveCountAsync(16);
        await Expect(resident.Locator("[data-chart] svg").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(resident, "public-statistics-390");
    });
}
