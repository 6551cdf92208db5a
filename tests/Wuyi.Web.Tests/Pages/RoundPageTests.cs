using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// The round's decisions on their pages (issue 11): the first post changes nothing and shows what the step will do, in
/// the domain's words naming the community, who has it next, the scores and the verdict; the confirmed post takes the
/// step and the next page says what it did.
/// </summary>
public abstract class RoundPageTests(WuyiApp app)
{
    [Fact]
    public async Task Submit_AsksToConfirm_WithTheScoresAndTheStreet_SavesNothingUntilConfirmed_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.DraftAsync(new Dictionary<string, decimal>());
        var (community, street) = (await NameOf(round.CommunityCode), await NameOf(round.CommunityCode[..9]));
        var user = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.Community, round.CommunityCode));
        var fields = Scores().ToDictionary(s => $"Scores[{s.Key}]", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var (status, confirmation) = await user.SubmitAsync($"/applications/{id}/self-assessment", "form#self-assessment", fields, "Submit");

        status.ShouldBe(HttpStatusCode.OK);
        var said = Consequences(confirmation);
        said.ShouldStartWith($"将提交 {community} 的申报（自评 100 分，12345 扣 0 分，总分 100 分，达到达标线 ");
        said.ShouldEndWith($"），提交后由 {street} 审核推荐，提交后不能再修改自评（审核前可以撤回）");
        var draft = await (await round.Community.Get(id)).ReadApplication();
        (draft.State, draft.SelfScores.Count).ShouldBe((ApplicationState.Draft, 0)); // nothing saved

        var (confirmed, _) = await user.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Submitted);
        (await FlashAsync(user, $"/applications/{id}")).ShouldBe($"已提交 {community} 的申报（总分 100 分），等待 {street} 审核推荐");
    }

    [Fact]
    public async Task Recommend_AsksToConfirm_NamingTheDistrict_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.SubmittedAsync();
        var (community, district) = (await NameOf(round.CommunityCode), await NameOf(round.CommunityCode[..6]));
        var street = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.Street, round.CommunityCode[..9]));

        var (status, confirmation) = await street.SubmitAsync($"/applications/{id}", "form:has(textarea[name=Comment])", new() { ["Comment"] = "同意推荐" }, "Recommend");

        status.ShouldBe(HttpStatusCode.OK);
        var said = Consequences(confirmation);
        said.ShouldStartWith($"将推荐 {community} 的申报（自评 100 分，12345 扣 0 分，总分 100 分，达到达标线 ");
        said.ShouldEndWith($"），推荐后由 {district} 社区防控组复核评定，街道不能再退回");
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Submitted);

        var (confirmed, _) = await street.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Recommended);
        (await FlashAsync(street, $"/applications/{id}")).ShouldBe($"已推荐 {community} 的申报（总分 100 分），等待 {district} 社区防控组复核评定");
    }

    [Fact]
    public async Task StreetReturn_AsksToConfirm_WithTheReason_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.SubmittedAsync();
        var (community, streetName) = (await NameOf(round.CommunityCode), await NameOf(round.CommunityCode[..9]));
        var street = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.Street, round.CommunityCode[..9]));

        var (status, page, confirmation) = await street.SubmitConfirmedAsync($"/applications/{id}", "form:has(textarea[name=Comment])",
            new() { ["Comment"] = "请补充卡口排班表" }, "Return");

        Consequences(confirmation).ShouldBe($"将把 {community} 的申报退回社区（村）修改（理由：请补充卡口排班表），社区（村）修改后须重新提交，再由 {streetName} 审核");
        status.ShouldBe(HttpStatusCode.Redirect, page.QuerySelector("[data-testid=errors]")?.TextContent);
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.ReturnedByStreet);
        (await FlashAsync(street, $"/applications/{id}")).ShouldBe($"已退回 {community} 的申报（理由：请补充卡口排班表），等待社区（村）修改后重新提交");
    }

    [Fact]
    public async Task Approve_AsksToConfirm_WithTheDistrictsScoresAndVerdict_SavesNothingUntilConfirmed_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.RecommendedAsync();
        var community = await NameOf(round.CommunityCode);
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));
        var fields = Scores(("A2", 8)).ToDictionary(s => $"Scores[{s.Key}]", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fields["IndicatorFindings[A2]"] = "“四件套”查验抽查一次未查验"; // A2 is below the claim (10): its finding is required

        var (status, confirmation) = await district.SubmitAsync($"/evaluation/{id}", "form:has(textarea[name=Comment])", fields, "Approve");

        status.ShouldBe(HttpStatusCode.OK, confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        var said = Consequences(confirmation);
        said.ShouldStartWith($"将评定 {community} 通过（区级评分 {Total(("A2", 8))} 分，12345 扣 0 分，总分 {Total(("A2", 8))} 分，达到达标线 ");
        said.ShouldEndWith("），报市社区防控组备案，评定后不能再修改评分");
        var before = await (await round.District.Get(id)).ReadApplication();
        (before.State, before.DistrictScores.Count).ShouldBe((ApplicationState.Recommended, 0)); // the scores are not saved yet

        var (confirmed, _) = await district.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        var after = await (await round.District.Get(id)).ReadApplication();
        (after.State, after.DistrictScores["A2"], after.DistrictIndicatorFindings["A2"]).ShouldBe((ApplicationState.Approved, 8m, "“四件套”查验抽查一次未查验"));
        (await FlashAsync(district, $"/applications/{id}")).ShouldBe($"已评定通过：{community} 总分 {Total(("A2", 8))} 分，已报市社区防控组备案");
    }

    [Fact]
    public async Task Reject_AsksToConfirm_SayingTheRoundEnds_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.RecommendedAsync();
        var community = await NameOf(round.CommunityCode);
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));

        var fields = Scores().ToDictionary(s => $"Scores[{s.Key}]", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fields["Comment"] = "卡口值守不到位";
        var (status, page, confirmation) = await district.SubmitConfirmedAsync($"/evaluation/{id}", "form:has(textarea[name=Comment])", fields, "Reject");

        Consequences(confirmation).ShouldContain($"将评定 {community} 不通过（区级评分 100 分，");
        Consequences(confirmation).ShouldEndWith($"（理由：卡口值守不到位），本次申报就此结束，{community} 须另行发起申报");
        status.ShouldBe(HttpStatusCode.Redirect, page.QuerySelector("[data-testid=errors]")?.TextContent);
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Rejected);
        (await FlashAsync(district, $"/applications/{id}")).ShouldBe($"已评定不通过：{community} 的本次申报已结束（理由：卡口值守不到位）");
    }

    [Fact]
    public async Task DistrictReturn_FromTheEvaluationPage_AsksToConfirm_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.RecommendedAsync();
        var community = await NameOf(round.CommunityCode);
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));

        var (status, confirmation) = await district.SubmitAsync($"/evaluation/{id}", "form:has(textarea[name=Comment])", new() { ["Comment"] = "请补充消毒记录" }, "Return");

        status.ShouldBe(HttpStatusCode.OK);
        Consequences(confirmation).ShouldStartWith($"将把 {community} 的申报退回社区（村）补充（理由：请补充消毒记录），社区（村）修改后须重新提交");
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Recommended);
        var (confirmed, _) = await district.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.ReturnedByDistrict);
        (await FlashAsync(district, $"/applications/{id}")).ShouldBe($"已退回 {community} 的申报补充（理由：请补充消毒记录），等待社区（村）修改后重新提交");
    }

    [Fact]
    public async Task EvaluationForm_StartsEmpty_CopySelfFillsIt_AndEachDifferenceIsSaidInWords()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.RecommendedAsync(Scores(("A2", 9)));
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));

        var (_, empty) = await district.GetAsync($"/evaluation/{id}");
        empty.QuerySelectorAll("input.score").Select(i => i.GetAttribute("value") ?? "").ShouldAllBe(v => v == "");
        empty.Source.Text.ShouldNotContain("引擎");
        empty.QuerySelector("main")!.TextContent.ShouldContain("按评分规则评定");

        var (status, copied) = await district.SubmitAsync($"/evaluation/{id}", "form:has(textarea[name=Comment])", new() { ["Findings"] = "现场复核" }, "CopySelf");
        status.ShouldBe(HttpStatusCode.OK);
        copied.QuerySelector("#score-A2")!.GetAttribute("value").ShouldBe("9");
        copied.QuerySelector("#score-A1")!.GetAttribute("value").ShouldBe("15");
        copied.QuerySelector("#Findings")!.TextContent.ShouldBe("现场复核"); // what was typed stays
        copied.QuerySelector("[data-testid=diff-A2]")!.TextContent.ShouldBeEmpty();
        (await (await round.District.Get(id)).ReadApplication()).DistrictScores.ShouldBeEmpty(); // nothing saved

        var fields = Scores(("A2", 7), ("B3", 4)).ToDictionary(s => $"Scores[{s.Key}]", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (status, _) = await district.SubmitAsync($"/evaluation/{id}", "form:has(textarea[name=Comment])", fields, "Save");
        status.ShouldBe(HttpStatusCode.Redirect);
        var (_, saved) = await district.GetAsync($"/evaluation/{id}");
        saved.QuerySelector("#score-A2")!.GetAttribute("value").ShouldBe("7"); // the district's own, not the self-assessment
        saved.QuerySelector("[data-testid=diff-A2]")!.TextContent.ShouldBe("≠ 低于自评 2 分");
        saved.QuerySelector("[data-testid=diff-B3]")!.TextContent.ShouldBe("≠ 低于自评 1 分");
        saved.QuerySelector("[data-testid=diff-A1]")!.TextContent.ShouldBeEmpty();
        saved.QuerySelectorAll("tr.score-differs").Select(r => r.GetAttribute("data-code")).ShouldBe(["A2", "B3"]);
    }

    [Fact]
    public async Task File_AsksToConfirm_WithTheApprovedScore_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.ApprovedAsync();
        var community = await NameOf(round.CommunityCode);
        var city = await Browserless.SignInAsync(app, "city");

        var (status, confirmation) = await city.SubmitAsync($"/applications/{id}", "form:has(input[name=Comment])", new() { ["Comment"] = "同意备案" }, "File");

        status.ShouldBe(HttpStatusCode.OK);
        Consequences(confirmation).ShouldStartWith($"将备案 {community} 的申报（区级评分 100 分，12345 扣 0 分，总分 100 分，达到达标线 ");
        Consequences(confirmation).ShouldEndWith("），备案后待市社区防控组公布，公布前不出现在公开名单上");
        (await round.City.StateOf(id)).ShouldBe(ApplicationState.Approved);
        var (confirmed, _) = await city.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.City.StateOf(id)).ShouldBe(ApplicationState.Filed);
        (await FlashAsync(city, $"/applications/{id}")).ShouldBe($"已备案 {community} 的申报（总分 100 分），待公布");
    }

    [Fact]
    public async Task FileSelected_FromTheCitysDesk_AsksToConfirm_NamingTheCommunities_FilesNothingUntilConfirmed()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.ApprovedAsync();
        var community = await NameOf(round.CommunityCode);
        var city = await Browserless.SignInAsync(app, "city");

        var (status, confirmation) = await city.SubmitAsync("/publication", "section[aria-labelledby=file-heading] form", new() { ["Selected"] = id.ToString() }, "File");
        status.ShouldBe(HttpStatusCode.OK, confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        Consequences(confirmation).ShouldBe($"将对 1 件区级评定通过的申报作市级备案：{community}；备案后列入待公布名单，公布前不出现在公开名单上");
        (await round.City.StateOf(id)).ShouldBe(ApplicationState.Approved);

        var (confirmed, _) = await city.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.City.StateOf(id)).ShouldBe(ApplicationState.Filed);
        (await FlashAsync(city, "/publication")).ShouldBe($"已备案 1 件：{community}，已列入待公布名单");
    }

    [Fact]
    public async Task PublishBatch_AsksToConfirm_NamingTheBatchAndItsCommunities_PublishesNothingUntilConfirmed_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.FiledAsync();
        var community = await NameOf(round.CommunityCode);
        var city = await Browserless.SignInAsync(app, "city");
        var next = await app.WithDbAsync(db => Task.FromResult((db.PublicationBatches.Max(b => (int?)b.Number) ?? 0) + 1));

        var (status, confirmation) = await city.SubmitAsync("/publication", "form:has(input[name=Title])", new() { ["Selected"] = id.ToString(), ["Title"] = "" }, "Publish");

        status.ShouldBe(HttpStatusCode.OK, confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        Consequences(confirmation).ShouldBe(
            $"将把 1 个社区（村）公布为第 {next} 批无疫社区（“第{next}批无疫社区（村）名单”）：{community}，立即出现在公开名单上，公布后只能经动态管理取消认定");
        (await round.City.StateOf(id)).ShouldBe(ApplicationState.Filed);
        (await app.WithDbAsync(db => Task.FromResult(db.PublicationBatches.Any(b => b.Number == next)))).ShouldBeFalse();

        var (confirmed, _) = await city.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.City.StateOf(id)).ShouldBe(ApplicationState.Published);
        (await FlashAsync(city, "/publication")).ShouldBe($"已公布第 {next} 批无疫社区（“第{next}批无疫社区（村）名单”）：1 个社区（村）已列入公开名单");
    }

    [Fact]
    public async Task Withdraw_AsksToConfirm_SayingTheApplicationEnds_WithdrawsNothingUntilConfirmed_ThenSaysWhatHappened()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.SubmittedAsync();
        var (community, street) = (await NameOf(round.CommunityCode), await NameOf(round.CommunityCode[..9]));
        var user = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.Community, round.CommunityCode));

        var (status, confirmation) = await user.SubmitAsync($"/applications/{id}", "form:has(button[formaction*='handler=Withdraw'])", new(), "Withdraw");

        status.ShouldBe(HttpStatusCode.OK);
        Consequences(confirmation).ShouldBe($"将撤回 {community} 的申报，{street} 将不再审核，本次申报就此结束，撤回后不能恢复；{community} 可以另行发起新的申报（可以本次自评为起点），提交后重新由 {street} 审核推荐");
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Submitted);

        var (confirmed, _) = await user.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Withdrawn);
        (await FlashAsync(user, $"/applications/{id}")).ShouldBe($"已撤回 {community} 的申报，本次申报已结束；可以另行发起新的申报（可以本次自评为起点）");
    }

    [Fact]
    public async Task TheApi_TakesTheStep_WithoutAConfirmation()
    {
        var round = await Round.StartAsync(app, "110102");
        var id = await round.SubmittedAsync();
        using var response = await round.Street.Step(id, "recommend", new { comment = "推荐" });
        await response.ShouldBe(HttpStatusCode.OK);
        (await response.ReadApplication()).State.ShouldBe(ApplicationState.Recommended);
    }

    private static string Consequences(IDocument page) =>
        (page.QuerySelector("[data-testid=consequences]") ?? throw new ShouldAssertException(
            "no confirmation step: " + page.QuerySelector("[data-testid=errors]")?.TextContent)).TextContent;

    /// <summary>The message the next page shows once (TempData).</summary>
    private static async Task<string> FlashAsync(Browserless user, string url) =>
        (await user.GetAsync(url)).Document.QuerySelector(".alert-success[role=status]")!.TextContent;

    private static string Total(params (string Code, decimal Score)[] overrides) =>
        Wuyi.Domain.Scales.ScaleVersion.Format(Scores(overrides).Values.Sum());

    private Task<string> NameOf(string code) => app.WithDbAsync(db => Task.FromResult(db.Divisions.Single(d => d.Code == code).Name));
}

public sealed class RoundPageTests_Sqlite(SqliteApp app) : RoundPageTests(app), IClassFixture<SqliteApp>;

public sealed class RoundPageTests_Postgres(PostgresApp app) : RoundPageTests(app), IClassFixture<PostgresApp>;
