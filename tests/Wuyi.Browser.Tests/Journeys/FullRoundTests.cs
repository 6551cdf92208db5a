using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// The demo round through the browser, one person after another at the same browser, signing in and out:
/// community → street → district → city → the public.
/// </summary>
public sealed class FullRoundTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string Community = "翠微路社区居委会";
    private const string District = "海淀区";
    private const string Street = "万寿路街道";

    // The community's self-assessment: 97 points, A1 (hard) in full.
    private static readonly (string Code, string Score)[] SelfScores =
    [
        ("A1", "15"), ("A2", "9"), ("A3", "5"), ("A4", "8"), ("A5", "6"), ("A6", "5.5"),
        ("B1", "10"), ("B2", "9"), ("B3", "5"),
        ("C1", "5"), ("C2", "4.5"), ("C3", "5"), ("C4", "5"), ("C5", "5"),
    ];

    [Fact]
    public Task FullRound_ThroughTheBrowser_CommunityEndsOnThePublicList() => Journey(async () =>
    {
        var page = await NewPageAsync();

        // Before anything: the public home page and the sign-in page.
        var home = await new HomePage(page).OpenAsync();
        await Expect(home.Summary).ToContainTextAsync("已认定社区（村）");
        await Screenshots.SaveAsync(page, "home-before-any-batch");
        await new LoginPage(page).OpenAsync();
        await Screenshots.SaveAsync(page, "login");

        // 1. The community assesses itself and applies.
        var work = await new LoginPage(page).SignInAsync("community");
        await Expect(work.SignedInAs).ToContainTextAsync(Community);
        await Screenshots.SaveAsync(page, "work-community");
        var form = await work.StartSelfAssessmentAsync();
        await Expect(form.Heading).ToContainTextAsync(Community);
        await Expect(form.Verdict).ToContainTextAsync("全部指标评分后显示评定结果预览");

        var running = 0m;
        foreach (var (code, score) in SelfScores)
        {
            await form.Score(code).FillAsync(score);
            running += decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture);
            await Expect(form.LiveSubtotal).ToHaveTextAsync(Format(running)); // the sum follows every entry
        }
        running.ShouldBe(97m);
        await Expect(form.Verdict).ToContainTextAsync("预计达标"); // the engine answered once all 14 were in
        await Expect(form.Verdict).ToContainTextAsync("总分 97 分（达标线 85 分）");
        await Expect(form.LiveTotal).ToHaveTextAsync("97"); // no 12345 deductions on record: the total is the sum
        await Expect(form.Verdict).Not.ToContainTextAsync("预计未达标");
        (await form.ClippedScoresAsync()).ShouldBeEmpty("every score box shows the whole score typed in it");
        await form.Note.FillAsync("卡口 24 小时值守，四件套查验落实。");
        await Screenshots.SaveAsync(page, "self-assessment-desktop");

        await form.SaveDraftAsync();
        await Expect(form.LiveTotal).ToHaveTextAsync("97"); // as saved, from the server
        await Expect(form.Score("A6")).ToHaveValueAsync("5.5");
        await form.Submit.ClickAsync();
        await Expect(form.ConfirmDialog).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "self-assessment-confirm-submit");
        var submitted = await form.SubmitConfirmedAsync();
        form.LastConsequences.ShouldBe($"将提交 {Community} 的申报（自评 97 分，12345 扣 0 分，总分 97 分，达到达标线 85 分），提交后由 {Street} 审核推荐，提交后不能再修改自评（审核前可以撤回）");
        await Expect(submitted.Flash).ToHaveTextAsync($"已提交 {Community} 的申报（总分 97 分），等待 {Street} 审核推荐");
        var id = submitted.Id;
        await Expect(submitted.State).ToHaveTextAsync("待街道推荐");
        await Expect(submitted.History).ToContainTextAsync("提交申报");
        await Screenshots.SaveAsync(page, "application-detail-community-submitted");
        await submitted.SignOutAsync();

        // 2. The street finds it in its to-do and recommends it.
        work = await new LoginPage(page).SignInAsync("street");
        await Expect(work.Todo(ApplicationState.Submitted)).ToContainTextAsync("1");
        await Screenshots.SaveAsync(page, "work-street");
        var queue = await work.OpenTodoAsync(ApplicationState.Submitted);
        await Expect(queue.Row(Community)).ToContainTextAsync("待街道推荐");
        await Screenshots.SaveAsync(page, "queue-street-submitted");
        var application = await queue.OpenAsync(Community);
        application.Id.ShouldBe(id);
        await Screenshots.SaveAsync(page, "application-detail-street");
        await application.RecommendAsync("卡口值守规范，同意推荐");
        application.LastConsequences.ShouldBe($"将推荐 {Community} 的申报（自评 97 分，12345 扣 0 分，总分 97 分，达到达标线 85 分），推荐后由 {District} 社区防控组复核评定，街道不能再退回");
        await Expect(application.Flash).ToHaveTextAsync($"已推荐 {Community} 的申报（总分 97 分），等待 {District} 社区防控组复核评定");
        await Expect(application.State).ToHaveTextAsync("待区级评定");
        await Expect(application.History).ToContainTextAsync("卡口值守规范，同意推荐");
        await application.SignOutAsync();

        // 3. The district reviews, lowers one score, and approves.
        work = await new LoginPage(page).SignInAsync("district");
        await Expect(work.Todo(ApplicationState.Recommended)).ToContainTextAsync("1");
        await Screenshots.SaveAsync(page, "work-district");
        application = await (await work.OpenTodoAsync(ApplicationState.Recommended)).OpenAsync(Community);
        var evaluation = await application.OpenEvaluationAsync();
        page.Url.ShouldEndWith($"/evaluation/{id}");
        await Expect(evaluation.StatusLine).ToContainTextAsync("状态：待区级评定");
        await Expect(evaluation.Score("A2")).ToHaveValueAsync(""); // the district scores on its own: the form starts empty
        await evaluation.CopySelf.ClickAsync(); // on purpose, as a starting point
        await Expect(evaluation.Score("A2")).ToHaveValueAsync("9");
        await Expect(evaluation.Difference("A2")).ToHaveTextAsync("");
        await Expect(evaluation.Finding("A2")).Not.ToBeVisibleAsync(); // no finding needed while it agrees
        await evaluation.Score("A2").FillAsync("8");
        await Expect(evaluation.Difference("A2")).ToHaveTextAsync("≠ 低于自评 1 分"); // marked as it is typed
        await Expect(evaluation.Finding("A2")).ToBeVisibleAsync(); // and its finding (评定意见) is asked for at once
        await Expect(evaluation.FindingRequired("A2")).ToHaveTextAsync("（低于自评，必填）");
        await Expect(evaluation.FindingRequired("A3")).Not.ToBeVisibleAsync();
        await evaluation.Finding("A2").FillAsync("夜间抽查一次，外卖人员未查验健康码。");
        await evaluation.Findings.FillAsync("现场复核：卡口“四件套”查验一处登记不全。");
        await evaluation.SaveAsync();
        await Expect(evaluation.Explanation).ToContainTextAsync("总分 96 分");
        await Expect(evaluation.Explanation).ToContainTextAsync("达标");
        await Expect(evaluation.Difference("A2")).ToHaveTextAsync("≠ 低于自评 1 分"); // and by the server once saved
        await Screenshots.SaveAsync(page, "evaluation");
        application = await evaluation.ApproveAsync();
        evaluation.LastConsequences.ShouldBe($"将评定 {Community} 通过（区级评分 96 分，12345 扣 0 分，总分 96 分，达到达标线 85 分），报市社区防控组备案，评定后不能再修改评分");
        await Expect(application.Flash).ToHaveTextAsync($"已评定通过：{Community} 总分 96 分，已报市社区防控组备案");
        await Expect(application.State).ToHaveTextAsync("待市级备案");
        await Expect(application.Explanation).ToContainTextAsync("总分 96 分");
        await Expect(page.GetByTestId("finding-A2")).ToHaveTextAsync("评定意见：夜间抽查一次，外卖人员未查验健康码。"); // why the points were lost
        await Expect(application.Explanation).ToContainTextAsync("A2 严格落实“四件套”查验措施（评定 8/10 分）：夜间抽查一次，外卖人员未查验健康码。");
        await Screenshots.SaveAsync(page, "application-detail-district-approved");
        await application.SignOutAsync();

        // 4. The city files it and publishes batch 1.
        work = await new LoginPage(page).SignInAsync("city");
        await Expect(work.Todo(ApplicationState.Approved)).ToContainTextAsync("1");
        await Screenshots.SaveAsync(page, "work-city");
        await work.FollowMenuAsync("申报评定", "备案与公布");
        var publication = new PublicationPage(page);
        await Expect(publication.Heading).ToHaveTextAsync("备案与公布");
        await Expect(PublicationPage.Selection(publication.ToFile, Community)).ToBeCheckedAsync();
        await Screenshots.SaveAsync(page, "publication-to-file");
        await publication.FileSelectedAsync(1);
        await Expect(PublicationPage.Selection(publication.ToPublish, Community)).ToBeCheckedAsync();
        await Screenshots.SaveAsync(page, "publication-to-publish");
        await publication.PublishAsync(batch: 1, count: 1);
        publication.LastConsequences.ShouldBe($"将把 1 个社区（村）公布为第 1 批无疫社区（“第1批无疫社区（村）名单”）：{Community}，立即出现在公开名单上，公布后只能经动态管理取消认定");
        await Expect(publication.Flash).ToHaveTextAsync("已公布第 1 批无疫社区（“第1批无疫社区（村）名单”）：1 个社区（村）已列入公开名单");
        await Expect(publication.Batches).ToContainTextAsync("第1批无疫社区（村）名单");
        await Expect(publication.Batches).ToContainTextAsync("1 个");
        await Screenshots.SaveAsync(page, "publication-published");
        await publication.SignOutAsync();

        // 5. Anyone: the list, the community's page, the printable batch.
        var list = await new PublicListPage(page).OpenAsync();
        await Expect(list.Count).ToContainTextAsync("共 1 个已认定社区（村）");
        await Expect(list.Entry(District, Street, Community)).ToHaveTextAsync(new Regex($"^{Community}\\s*第1批$"));
        await Screenshots.SaveAsync(page, "public-list");
        await list.Entry(District, Street, Community).GetByRole(AriaRole.Link, new() { Name = Community }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/public/communities/110108001001$"));
        var community = new PublicCommunityPage(page);
        await Expect(community.Heading).ToHaveTextAsync(Community);
        await Expect(community.Status).ToContainTextAsync("已认定");
        await Expect(community.BatchLine).ToContainTextAsync("第 1 批公布，认定日期 2022年6月16日");
        await Screenshots.SaveAsync(page, "public-community-certified");

        var batch = await new BatchPage(page).OpenAsync(1);
        await Expect(batch.Heading).ToHaveTextAsync("第1批无疫社区（村）名单");
        await Expect(batch.Street(District, Street)).ToContainTextAsync(Community);
        await Screenshots.SaveAsync(page, "public-batch-1");
        // The print button works under the Content-Security-Policy (its handler is a script file, not onclick=).
        await page.EvaluateAsync("() => { window.printed = false; window.print = () => { window.printed = true; }; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "打印" }).ClickAsync();
        (await page.EvaluateAsync<bool>("() => window.printed")).ShouldBeTrue();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "打印" })).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page, "public-batch-1-print");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        home = await new HomePage(page).OpenAsync();
        await Expect(home.Summary).ToContainTextAsync("1已认定社区（村）");
        await Screenshots.SaveAsync(page, "home");

        // And the community sees its title on its own 待办 page.
        work = await new LoginPage(page).SignInAsync("community");
        await Expect(page.GetByText("已认定为无疫社区（村）")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "work-community-certified");
    });

    private static string Format(decimal d) => d.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
