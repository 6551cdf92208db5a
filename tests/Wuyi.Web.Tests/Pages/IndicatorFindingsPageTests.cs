using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 评定意见 on the district's form (/evaluation/{id}) without JavaScript: a box beside each score, open and required where
/// the score is below the claim; a decision without one re-renders the form with the message beside each indicator
/// lacking it and every typed value kept; afterwards the findings show wherever the district's scores are shown.
/// </summary>
public abstract class IndicatorFindingsPageTests(WuyiApp app)
{
    private const string Form = "form:has(textarea[name=Comment])";

    private static Dictionary<string, string> Fields(Dictionary<string, decimal> scores) =>
        scores.ToDictionary(s => $"Scores[{s.Key}]", s => s.Value.ToString(CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("Approve")]
    [InlineData("Reject")]
    public async Task Decision_LoweredWithoutFinding_ReshowsTheForm_WithTheMessageBesideTheIndicator_KeepingEveryTypedValue(string handler)
    {
        var round = await Round.StartAsync(app, "110105");
        var id = await round.RecommendedAsync();
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));
        var fields = Fields(Scores(("A2", 8m), ("C5", 4m), ("B1", 10m)));
        fields["IndicatorFindings[C5]"] = "应急演练记录缺少一次";
        fields["IndicatorFindings[B1]"] = "台账规范";
        fields["Findings"] = "现场查看卡口与台账";
        fields["Comment"] = "卡口查验不到位";

        var (status, page) = await district.SubmitAsync($"/evaluation/{id}", Form, fields, handler);

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=confirm-step]").ShouldBeNull(); // refused before any confirmation
        page.QuerySelector("[data-testid=errors]")!.TextContent.ShouldContain("A2 区级评分低于社区自评（10 → 8），须填写评定意见");
        page.QuerySelector("[data-testid=finding-error-A2]")!.TextContent.Trim().ShouldBe("A2 区级评分低于社区自评（10 → 8），须填写评定意见");
        page.QuerySelector("[data-testid=finding-error-C5]")!.TextContent.Trim().ShouldBeEmpty(); // it has its finding
        FindingBox(page, "A2").ShouldSatisfyAllConditions(
            box => box.Value.ShouldBeEmpty(),
            box => box.Closest("details")!.HasAttribute("open").ShouldBeTrue(),
            box => box.GetAttribute("aria-required").ShouldBe("true"));
        // Every typed value is kept.
        ((IHtmlInputElement)page.QuerySelector("#score-A2")!).Value.ShouldBe("8");
        ((IHtmlInputElement)page.QuerySelector("#score-C5")!).Value.ShouldBe("4");
        FindingBox(page, "C5").Value.ShouldBe("应急演练记录缺少一次");
        FindingBox(page, "B1").Value.ShouldBe("台账规范");
        ((IHtmlTextAreaElement)page.QuerySelector("textarea[name=Findings]")!).Value.ShouldBe("现场查看卡口与台账");
        ((IHtmlTextAreaElement)page.QuerySelector("textarea[name=Comment]")!).Value.ShouldBe("卡口查验不到位");
        // Nothing was saved.
        var view = await (await round.District.Get(id)).ReadApplication();
        (view.State, view.DistrictScores.Count, view.DistrictIndicatorFindings.Count).ShouldBe((ApplicationState.Recommended, 0, 0));
    }

    [Fact]
    public async Task TheForm_OpensAndRequiresTheFindingBox_OnlyWhereTheSavedScoreIsBelowTheClaim()
    {
        var round = await Round.StartAsync(app, "110105");
        var id = await round.RecommendedAsync(Scores(("B3", 4m))); // the community claims 4 of 5 on B3
        await round.SaveEvaluationAsync(id, Scores(("A2", 8m), ("B3", 5m)));
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));

        var (_, page) = await district.GetAsync($"/evaluation/{id}");

        page.QuerySelectorAll("details[data-finding]").Length.ShouldBe(14); // a box beside each indicator's score
        Required(page, "A2").ShouldBeTrue();
        Required(page, "B3").ShouldBeFalse(); // raised above the claim: no finding needed
        Required(page, "A1").ShouldBeFalse();
        FindingBox(page, "B3").Closest("details")!.HasAttribute("open").ShouldBeFalse();
        page.QuerySelector("label[for=finding-A2]")!.TextContent.ShouldBe("指标 A2 的评定意见");
    }

    [Fact]
    public async Task Approve_WithFinding_Succeeds_AndTheFindingShowsOnTheApplication_ForTheDistrictAndTheCommunity()
    {
        var round = await Round.StartAsync(app, "110105");
        var id = await round.RecommendedAsync();
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));
        var fields = Fields(Scores(("A2", 8m)));
        fields["IndicatorFindings[A2]"] = "“四件套”查验抽查两次，一次未查验健康码";

        var (status, page, _) = await district.SubmitConfirmedAsync($"/evaluation/{id}", Form, fields, "Approve");

        status.ShouldBe(HttpStatusCode.Redirect, page.QuerySelector("[data-testid=errors]")?.TextContent);
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Approved);
        var community = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.Community, round.CommunityCode));
        foreach (var reader in new[] { district, community })
        {
            var (_, detail) = await reader.GetAsync($"/applications/{id}");
            detail.QuerySelector("[data-testid=finding-A2]")!.TextContent.ShouldBe("评定意见：“四件套”查验抽查两次，一次未查验健康码");
            detail.QuerySelector("[data-testid=finding-A1]").ShouldBeNull();
            // ... and with the explanation of the decision (_Explanation), beside the score it explains.
            detail.QuerySelector("[data-testid=explanation-findings]")!.TextContent
                .ShouldContain("A2 严格落实“四件套”查验措施（评定 8/10 分）：“四件套”查验抽查两次，一次未查验健康码");
        }
    }

    [Fact]
    public async Task Save_KeepsTheFindings_AndTheFormShowsThemAgain()
    {
        var round = await Round.StartAsync(app, "110105");
        var id = await round.RecommendedAsync();
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));
        var fields = Fields(Scores(("C1", 3m)));
        fields["IndicatorFindings[B1]"] = "台账规范，可作示范"; // not lowered: allowed and kept

        var (status, _) = await district.SubmitAsync($"/evaluation/{id}", Form, fields, "Save");

        status.ShouldBe(HttpStatusCode.Redirect); // saving the scores is no decision: the lowered C1 may wait for its finding
        var (_, page) = await district.GetAsync($"/evaluation/{id}");
        FindingBox(page, "B1").Value.ShouldBe("台账规范，可作示范");
        FindingBox(page, "B1").Closest("details")!.HasAttribute("open").ShouldBeTrue();
        Required(page, "C1").ShouldBeTrue();
        (await (await round.District.Get(id)).ReadApplication()).DistrictIndicatorFindings.Keys.ShouldBe(["B1"]);
    }

    private static IHtmlTextAreaElement FindingBox(IDocument page, string code) =>
        (IHtmlTextAreaElement)page.QuerySelector($"textarea[name='IndicatorFindings[{code}]']")!;

    /// <summary>Whether the page marks the indicator's finding as required (the words shown, the box's aria-required).</summary>
    private static bool Required(IDocument page, string code)
    {
        var box = FindingBox(page, code);
        var shown = !box.Closest("details")!.QuerySelector(".finding-required")!.HasAttribute("hidden");
        (box.GetAttribute("aria-required") == "true").ShouldBe(shown);
        return shown;
    }
}

public sealed class IndicatorFindingsPageTests_Sqlite(SqliteApp app) : IndicatorFindingsPageTests(app), IClassFixture<SqliteApp>;

public sealed class IndicatorFindingsPageTests_Postgres(PostgresApp app) : IndicatorFindingsPageTests(app), IClassFixture<PostgresApp>;
