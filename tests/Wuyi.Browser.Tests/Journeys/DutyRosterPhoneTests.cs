using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// 值守排班 (issue 14): a community uploads its checkpoint roster from a phone and sees the gap plainly; the district,
/// scoring the community's application, sees the coverage beside A1 and opens the detail.
/// </summary>
public sealed class DutyRosterPhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    /// <summary>东门卡口 from the night of June 13 (the test clock's June 16) to June 15, which has a 7-hour gap from 17:00.</summary>
    private static readonly byte[] Roster = Wuyi.Web.Infrastructure.CsvExport.Build(["卡口名称", "日期", "开始时间", "结束时间", "值守人员"],
    [
        ["东门卡口", "2022-06-13", "20:00", "08:00", "王五"],
        ["东门卡口", "2022-06-14", "08:00", "20:00", "张三、李四"],
        ["东门卡口", "2022-06-14", "20:00", "08:00", "王五"],
        ["东门卡口", "2022-06-15", "08:00", "17:00", "张三"],
    ]);

    [Fact]
    public Task TheCommunity_UploadsItsRoster_FromAPhone_AndTheDistrictSeesTheGapWhileScoring() => Journey(async () =>
    {
        var (code, _) = await App.CommunityInAsync("110108");
        var communityUser = await App.CreateAccountAsync(ProgrammeRole.Community, code);
        using var community = await App.ApiAsAsync(communityUser);
        var id = await community.SubmitAsync(ApiClient.Scores());
        using var street = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.Street, code[..9]));
        await street.RecommendAsync(id, "推荐");

        var (phone, _) = await SignedInPageAsync(communityUser, Phone);
        await phone.GotoAsync("/duty-roster");
        await Expect(phone).ToHaveURLAsync(new Regex($"/communities/{code}/duty-roster$"));
        await phone.GetByLabel("排班表文件").SetInputFilesAsync(new FilePayload { Name = "6月排班表.csv", MimeType = "text/csv", Buffer = Roster });
        await phone.GetByRole(AriaRole.Button, new() { Name = "上报" }).ClickAsync();
        await Expect(phone.Locator("[data-testid=roster-summary]")).ToContainTextAsync("1 天全天覆盖，2 天有缺口（最长 20 小时）", new() { Timeout = 20_000 });
        await Expect(phone.Locator("[data-testid=days] tr[data-date='2022-06-15'] [data-testid=gap]")).ToContainTextAsync("17:00–24:00（7 小时）");
        await Screenshots.SaveAsync(phone, "duty-roster-phone");

        var (desk, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.District, code[..6]));
        await desk.GotoAsync($"/evaluation/{id}");
        var beside = desk.Locator("tr.indicator[data-code=A1] [data-testid=roster-coverage]");
        await Expect(beside).ToContainTextAsync("排班覆盖：近30天 1 天全天覆盖，2 天有缺口（最长 20 小时），27 天无排班");
        await Screenshots.SaveAsync(desk, "evaluation-roster-coverage-desktop");
        await beside.GetByRole(AriaRole.Link, new() { Name = "详情" }).ClickAsync();
        await Expect(desk).ToHaveURLAsync(new Regex($"/communities/{code}/duty-roster$"));
        await Expect(desk.Locator("[data-testid=roster-summary]")).ToContainTextAsync("2 天有缺口");
        await Screenshots.SaveAsync(desk, "duty-roster-district-desktop");
    });
}
