using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>A refusal by the rules, through the page: the district cannot approve with the hard indicator short.</summary>
public sealed class DistrictRefusalTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task DistrictApproving_WithA1BelowFull_ShowsTheHardIndicatorReason_AndNothingChanges() => Journey(async () =>
    {
        // A community of 朝阳区 (the second demo district) with accounts of its own, submitted and recommended.
        var (code, name) = await App.CommunityInAsync("110105");
        using var community = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.Community, code));
        using var street = await App.ApiAsAsync(await App.CreateAccountAsync(ProgrammeRole.Street, code[..9]));
        var id = await community.SubmitAsync(ApiClient.Scores());
        await street.RecommendAsync(id, "同意推荐");

        var (page, work) = await SignedInPageAsync("district2");
        await Expect(work.SignedInAs).ToContainTextAsync("朝阳区社区防控组");
        await Expect(work.Todo(ApplicationState.Recommended)).ToContainTextAsync("1");
        var evaluation = await new EvaluationPage(page).OpenAsync(id);
        await Expect(evaluation.Heading).ToHaveTextAsync($"{name} · 复核评定");
        await Expect(evaluation.Score("A1")).ToHaveValueAsync("");
        await evaluation.CopySelf.ClickAsync();
        await Expect(evaluation.Score("A1")).ToHaveValueAsync("15");

        // On site the night shift was found missing: A1 12 of 15, the total still 97.
        await evaluation.Score("A1").FillAsync("12");
        await Expect(evaluation.FindingRequired("A1")).ToBeVisibleAsync(); // below the claim: its finding is asked for
        await evaluation.Findings.FillAsync("夜间 0 时至 3 时卡口无人值守。");
        await evaluation.Approve.ClickAsync();

        await Expect(evaluation.Errors).ToContainTextAsync("不能通过");
        await Expect(evaluation.Errors).ToContainTextAsync("硬性指标未满分：A1 坚持24小时卡口值守（12/15）");
        await Expect(evaluation.StatusLine).ToContainTextAsync("状态：待区级评定");
        await Expect(evaluation.Score("A1")).ToHaveValueAsync("12"); // what was typed stays, to correct or to reject
        await Expect(evaluation.Findings).ToHaveValueAsync("夜间 0 时至 3 时卡口无人值守。");
        await Expect(evaluation.Approve).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, "evaluation-refused-hard-indicator");

        // Nothing was recorded: same state, no decision, no district score kept.
        var application = await new ApplicationPage(page).OpenAsync(id);
        await Expect(application.State).ToHaveTextAsync("待区级评定");
        await Expect(application.History).Not.ToContainTextAsync("区级评定通过");
        var stored = await street.GetAsync(id);
        stored.GetProperty("state").GetString().ShouldBe(nameof(ApplicationState.Recommended));
        stored.GetProperty("districtScores").EnumerateObject().ShouldBeEmpty();
        stored.GetProperty("history").GetArrayLength().ShouldBe(3); // created, submitted, recommended
    });
}
