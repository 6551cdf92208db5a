using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 评定意见 by indicator over the API (issue 11): approving or rejecting with a score below the self-assessment and no
/// finding is a 400 <c>finding-required</c> naming each indicator; the findings are saved with the scores and returned
/// with the application.
/// </summary>
public abstract class IndicatorFindingsTests(WuyiApp app)
{
    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Decision_LoweredWithoutFinding_Is400FindingRequired_NamingTheIndicator_AndChangesNothing(string step)
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        var before = await (await round.District.Get(id)).ReadApplication();

        var problem = await (await round.District.Step(id, step, new
        {
            scores = Scores(("A2", 8m), ("C5", 4m)), indicatorFindings = new Dictionary<string, string> { ["C5"] = "  " }, comment = "现场复核",
        })).Problem(HttpStatusCode.BadRequest, "finding-required");

        problem.GetProperty("detail").GetString().ShouldBe(
            "A2 区级评分低于社区自评（10 → 8），须填写评定意见；C5 区级评分低于社区自评（5 → 4），须填写评定意见");
        problem.GetProperty("title").GetString().ShouldBe("输入有误");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("indicatorFindings.A2")[0].GetString().ShouldBe("A2 区级评分低于社区自评（10 → 8），须填写评定意见");
        errors.GetProperty("indicatorFindings.C5")[0].GetString().ShouldBe("C5 区级评分低于社区自评（5 → 4），须填写评定意见");
        var after = await (await round.District.Get(id)).ReadApplication();
        (after.State, after.Version, after.DistrictScores.Count, after.DistrictIndicatorFindings.Count)
            .ShouldBe((ApplicationState.Recommended, before.Version, 0, 0));
    }

    [Fact]
    public async Task Approve_WithFindings_IsApproved_AndTheApplicationReturnsThem()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();

        var response = await round.District.Step(id, "approve", new
        {
            scores = Scores(("A2", 8m)),
            indicatorFindings = new Dictionary<string, string> { ["A2"] = " 抽查两次，一次未查验健康码 ", ["B1"] = "台账规范" },
        });

        var approved = await response.ReadApplication();
        approved.State.ShouldBe(ApplicationState.Approved);
        approved.DistrictIndicatorFindings.ShouldBe(new Dictionary<string, string> { ["A2"] = "抽查两次，一次未查验健康码", ["B1"] = "台账规范" },
            ignoreOrder: true);
        // The JSON names them as the request does, for any client; the community reads them on its own application.
        var json = await (await round.Community.Get(id)).Content.ReadFromJsonAsync<JsonElement>();
        json.GetProperty("districtIndicatorFindings").GetProperty("A2").GetString().ShouldBe("抽查两次，一次未查验健康码");
    }

    [Fact]
    public async Task SavedFindings_AreWhatALaterDecisionGoesOn_AndAnEvaluationMayBeSavedWithoutThem()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        await round.SaveEvaluationAsync(id, Scores(("A1", 12m))); // saving a draft of the scores is not a decision

        await (await round.District.Step(id, "reject", new { comment = "24小时值守未落实" })).Problem(HttpStatusCode.BadRequest, "finding-required");
        var saved = await (await round.District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation",
            new { scores = Scores(("A1", 12m)), indicatorFindings = Findings("A1") }, Json)).ReadApplication();
        saved.DistrictIndicatorFindings.Keys.ShouldBe(["A1"]);
        var again = await (await round.District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation",
            new { scores = Scores(("A1", 12m)), findings = "夜间复查" }, Json)).ReadApplication();
        again.DistrictIndicatorFindings.Keys.ShouldBe(["A1"]); // not given: the saved ones stay
        var cleared = await (await round.District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation",
            new { scores = Scores(("A1", 12m)), indicatorFindings = new Dictionary<string, string>() }, Json)).ReadApplication();
        cleared.DistrictIndicatorFindings.ShouldBeEmpty(); // an empty map clears them
        await (await round.District.Step(id, "reject", new { comment = "24小时值守未落实" })).Problem(HttpStatusCode.BadRequest, "finding-required");
        await (await round.District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation", new { scores = Scores(("A1", 12m)), indicatorFindings = Findings("A1") }, Json))
            .ShouldBe(HttpStatusCode.OK);

        var rejected = await (await round.District.Step(id, "reject", new { comment = "24小时值守未落实" })).ReadApplication();
        rejected.State.ShouldBe(ApplicationState.Rejected);
        rejected.DistrictIndicatorFindings["A1"].ShouldBe(Findings("A1")["A1"]);
    }

    [Fact]
    public async Task AFindingOnAnIndicatorTheScaleDoesNotHave_Is400()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();

        var problem = await (await round.District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation",
            new { scores = Scores(), indicatorFindings = new Dictionary<string, string> { ["Z9"] = "无此指标" } }, Json))
            .Problem(HttpStatusCode.BadRequest, "indicator-unknown");

        problem.GetProperty("errors").GetProperty("indicatorFindings.Z9")[0].GetString()!.ShouldContain("没有指标 Z9");
        (await (await round.District.Get(id)).ReadApplication()).DistrictScores.ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenApi_DescribesTheFindings_InTheRequestsAndTheApplication()
    {
        using var client = app.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonElement>();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        JsonElement PropertyOf(string path, string method, string property)
        {
            var reference = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody")
                .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
            return schemas.GetProperty(reference.Split('/')[^1]).GetProperty("properties").GetProperty(property);
        }

        foreach (var (path, method) in new[] { ("/api/v1/applications/{id}/evaluation", "put"), ("/api/v1/applications/{id}/approve", "post"),
                     ("/api/v1/applications/{id}/reject", "post") })
            PropertyOf(path, method, "indicatorFindings").GetProperty("description").GetString()!.ShouldContain("finding-required");
        schemas.GetProperty("ApplicationView").GetProperty("properties").GetProperty("districtIndicatorFindings")
            .GetProperty("description").GetString()!.ShouldContain("评定意见");
    }
}

public sealed class IndicatorFindingsTests_Sqlite(SqliteApp app) : IndicatorFindingsTests(app), IClassFixture<SqliteApp>;

public sealed class IndicatorFindingsTests_Postgres(PostgresApp app) : IndicatorFindingsTests(app), IClassFixture<PostgresApp>;
