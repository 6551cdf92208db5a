using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 调整达标分数线 (rule 1): the city moves the pass mark from a date on. No past decision changes; the standing
/// titles the new mark would fail go to their districts for re-evaluation. Its own fixture: a pass mark
/// changes how every later application in the database is judged.
/// </summary>
public abstract class PassMarkTests(WuyiApp app)
{
    private static readonly DateTimeOffset Start = new(2022, 6, 16, 9, 0, 0, TimeSpan.FromHours(8));

    private static Task<HttpResponseMessage> Change(HttpClient client, decimal value, string effectiveFrom, string? reason, string? scaleVersionId = null) =>
        client.PostAsJsonAsync("/api/v1/pass-marks", new { scaleVersionId, value, effectiveFrom, reason }, Json);

    private async Task<List<DynamicApi.PassMarkView>> MarksAsync(HttpClient client) =>
        await (await client.GetAsync("/api/v1/pass-marks")).Read<List<DynamicApi.PassMarkView>>();

    [Fact]
    public async Task Change_QueuesTheTitlesTheNewMarkWouldFail_ChangesNoPastDecision_AndJudgesLaterApplications()
    {
        var at90 = await Round.StartAsync(app, "110101");
        var (at90Id, _) = await at90.CertifiedAsync(Scores(("C4", 0m), ("C5", 0m)));
        var at95 = await Round.StartAsync(app, "110101");
        await at95.CertifiedAsync(Scores(("C5", 0m)));
        var at100 = await Round.StartAsync(app, "110102");
        await at100.CertifiedAsync();
        var city = at90.City;

        var result = await (await Change(city, 95m, "2022-06-20", "疫情形势变化，提高标准")).Read<DynamicApi.PassMarkResult>();
        result.Change.Value.ShouldBe(95m);
        result.Change.EffectiveFrom.ShouldBe(new DateOnly(2022, 6, 20));
        result.Change.ScaleVersionId.ShouldBe("beijing-2022-06");
        result.Change.Reason.ShouldBe("疫情形势变化，提高标准");
        result.ReEvaluationsQueued.ShouldBe(1); // 95 passes: "以上" includes the mark itself
        (await MarksAsync(city)).ShouldContain(m => m.Id == result.Change.Id && m.Value == 95m);

        // Only the title the new mark would fail is queued, for its own district, with the engine's explanation.
        var queue = await (await at90.District.GetAsync("/api/v1/re-evaluations?open=true")).Read<Paged<ReEvaluationView>>();
        var item = queue.Items.ShouldHaveSingleItem();
        item.Place.Community.Code.ShouldBe(at90.CommunityCode);
        item.Cause.ShouldBe(ReEvaluationCause.PassMarkChange);
        item.Decisions.ShouldBe([ReEvaluationDecision.Keep, ReEvaluationDecision.Revoke]);
        item.Explanation!.Total.ShouldBe(90m);
        item.Explanation.PassMark.Value.ShouldBe(95m);
        item.Explanation.Passes.ShouldBeFalse();
        item.Detail.ShouldContain("95");
        (await (await at100.District.GetAsync("/api/v1/re-evaluations?open=true")).Read<Paged<ReEvaluationView>>()).Total.ShouldBe(0);

        // Nothing decided before changes, and no title falls by itself.
        var decided = await (await city.Get(at90Id)).ReadApplication();
        decided.Decision!.PassMark.Value.ShouldBe(85m);
        decided.Decision.Passes.ShouldBeTrue();
        decided.Decision.Total.ShouldBe(90m);
        foreach (var code in new[] { at90.CommunityCode, at95.CommunityCode, at100.CommunityCode })
            await app.ShouldBeOnPublicList(code, true);

        // Before the date the old mark stands; from it on, 90 no longer passes.
        var before = await Round.StartAsync(app, "110105");
        var approvedBefore = await (await before.District.Step(await before.RecommendedAsync(), "approve", new { scores = Scores(("C4", 0m), ("C5", 0m)), indicatorFindings = Findings("C4", "C5") })).ReadApplication();
        approvedBefore.Decision!.PassMark.Value.ShouldBe(85m);
        try
        {
            app.Clock.Set(new DateTimeOffset(2022, 6, 20, 9, 0, 0, TimeSpan.FromHours(8)));
            var after = await Round.StartAsync(app, "110105");
            var id = await after.RecommendedAsync();
            var refused = await (await after.District.Step(id, "approve", new { scores = Scores(("C4", 0m), ("C5", 0m)) })).ChineseProblem(HttpStatusCode.BadRequest, "verdict-fails");
            refused.GetProperty("detail").GetString()!.ShouldContain("95");
            var approved = await (await after.District.Step(id, "approve", new { scores = Scores(("C5", 0m)), indicatorFindings = Findings("C5") })).ReadApplication();
            approved.Decision!.PassMark.Value.ShouldBe(95m);
            approved.Decision.Total.ShouldBe(95m);
            // …and the decision made on the 16th still reads 85.
            (await (await after.City.Get(approvedBefore.Id)).ReadApplication()).Decision!.PassMark.Value.ShouldBe(85m);
        }
        finally
        {
            app.Clock.Set(Start);
        }

        // The district decides: revoke, and the public list changes at once.
        var revoked = await (await at90.District.PostAsJsonAsync($"/api/v1/re-evaluations/{item.Id}/decide",
            new { decision = "Revoke", comment = "按新达标线重新评定未达标", version = item.Version }, Json)).Read<ReEvaluationView>();
        revoked.State.ShouldBe(ReEvaluationState.Revoked);
        await app.ShouldBeOnPublicList(at90.CommunityCode, false);
        (await app.AdjustmentsAsync()).Items.ShouldContain(a => a.Place.Community.Code == at90.CommunityCode && a.What == "取消认定" && a.Reason.Contains("达标分数线调整"));
        (await at90.Community.OpenTaskAsync(at90.CommunityCode)).Reason.ShouldContain("按新达标线重新评定未达标");
    }

    [Fact]
    public async Task Change_Refusals_AreProblems_AndRecordNothing()
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var district = await app.AsAsync(ProgrammeRole.District, "110106");
        var street = await app.AsAsync(ProgrammeRole.Street, (await app.FreshCommunityAsync("110106"))[..9]);
        await (await Change(city, 88m, "2022-07-01", "季度调整")).ShouldBe(HttpStatusCode.OK);
        var before = await MarksAsync(city);

        await (await Change(district, 90m, "2022-07-02", "区里想更严")).Problem(HttpStatusCode.Forbidden); // 杜绝层层加码
        await (await Change(street, 90m, "2022-07-02", "街道想更严")).Problem(HttpStatusCode.Forbidden);
        (await (await Change(city, 90m, "2022-06-15", "追溯调整")).ChineseProblem(HttpStatusCode.BadRequest, "pass-mark-invalid"))
            .GetProperty("errors").GetProperty("effectiveFrom").GetArrayLength().ShouldBe(1);
        (await (await Change(city, 90m, "2022-07-02", "  ")).ChineseProblem(HttpStatusCode.BadRequest, "reason-required"))
            .GetProperty("errors").GetProperty("reason").GetArrayLength().ShouldBe(1);
        await (await Change(city, 90m, "2022-07-02", null)).ChineseProblem(HttpStatusCode.BadRequest, "reason-required");
        await (await Change(city, 90m, "2022-07-01", "同一天再调")).ChineseProblem(HttpStatusCode.Conflict, "pass-mark-duplicate-date");
        (await (await Change(city, 100.5m, "2022-07-02", "超过总分")).ChineseProblem(HttpStatusCode.BadRequest, "pass-mark-invalid"))
            .GetProperty("errors").GetProperty("value").GetArrayLength().ShouldBe(1);
        await (await Change(city, 0m, "2022-07-02", "零分")).ChineseProblem(HttpStatusCode.BadRequest, "pass-mark-invalid");
        await (await Change(city, 90.25m, "2022-07-02", "两位小数")).ChineseProblem(HttpStatusCode.BadRequest, "pass-mark-invalid");
        await (await Change(city, 90m, "2022-07-02", "无此量表", scaleVersionId: "no-such-scale")).ChineseProblem(HttpStatusCode.NotFound);
        await (await city.PostAsJsonAsync("/api/v1/pass-marks", new { value = 90m, effectiveFrom = "七月二日", reason = "日期格式" }, Json)).ChineseProblem(HttpStatusCode.BadRequest);

        (await MarksAsync(city)).Select(m => m.Id).ShouldBe(before.Select(m => m.Id));
        var today = await (await app.CreateClient().GetAsync("/api/v1/public/scale")).Read<System.Text.Json.JsonElement>();
        today.GetProperty("passMark").GetProperty("value").GetDecimal().ShouldBe(85m); // the change is not in force before its date
    }
}

public sealed class PassMarkTests_Sqlite(SqliteApp app) : PassMarkTests(app), IClassFixture<SqliteApp>;

public sealed class PassMarkTests_Postgres(PostgresApp app) : PassMarkTests(app), IClassFixture<PostgresApp>;
