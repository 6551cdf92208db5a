using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 发布新版量表: a new scale version from a date on. Nothing decided before changes; standing titles the new
/// version would fail, or cannot judge because its indicators differ, go onto their districts' queue.
/// Its own fixture: a published scale changes what every later application in the database is scored under.
/// </summary>
public abstract class ScalePublishingTests(WuyiApp app)
{
    private static readonly string Shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scales", "beijing-2022-06.json"));

    private static string Variant(string id, string effectiveFrom, int passMark, bool movePoints = false)
    {
        var text = Shipped.Replace("\"id\": \"beijing-2022-06\"", $"\"id\": \"{id}\"")
            .Replace("\"effectiveFrom\": \"2022-06-14\"", $"\"effectiveFrom\": \"{effectiveFrom}\"")
            .Replace("\"passMark\": 85", $"\"passMark\": {passMark}");
        if (movePoints) // A1 15 → 20 and A2 10 → 5: part A still 50, the total still 100
            text = text.Replace("\"code\": \"A1\", \"name\": \"坚持24小时卡口值守\", \"points\": 15", "\"code\": \"A1\", \"name\": \"坚持24小时卡口值守\", \"points\": 20")
                .Replace("\"code\": \"A2\", \"name\": \"严格落实“四件套”查验措施\", \"points\": 10", "\"code\": \"A2\", \"name\": \"严格落实“四件套”查验措施\", \"points\": 5");
        return text;
    }

    private static Task<HttpResponseMessage> PublishAsync(HttpClient client, string definition) =>
        client.PostAsync("/api/v1/scales", new StringContent(definition, Encoding.UTF8, "application/json"));

    private async Task<(string Code, Guid Id)> CertifiedAsync(Round round, Dictionary<string, decimal> scores)
    {
        var id = await round.RecommendedAsync(scores);
        await (await round.District.Step(id, "approve", new { scores, findings = "现场复核属实" })).ShouldBe(HttpStatusCode.OK);
        await (await round.City.Step(id, "file")).ShouldBe(HttpStatusCode.OK);
        await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { id } })).ShouldBe(HttpStatusCode.Created);
        return (round.CommunityCode, id);
    }

    [Fact]
    public async Task ANewVersion_QueuesTheTitlesItWouldFail_AndChangesNoPastDecision()
    {
        var at90 = await CertifiedAsync(await Round.StartAsync(app, "110101"), Scores(("C4", 0m), ("C5", 0m)));
        var at100 = await CertifiedAsync(await Round.StartAsync(app, "110101"), Scores());
        var city = await app.AsAsync(ProgrammeRole.City, "11");

        var published = await (await PublishAsync(city, Variant("beijing-test-95", "2022-06-20", 95))).Read<DynamicApi.ScaleResult>();
        published.Scale.Id.ShouldBe("beijing-test-95");
        published.ReEvaluationsQueued.ShouldBeGreaterThanOrEqualTo(1);

        var queue = await (await city.GetAsync("/api/v1/re-evaluations?open=true&pageSize=200")).Read<Applications.Paged<ReEvaluationView>>();
        var mine = queue.Items.Where(r => r.Cause == ReEvaluationCause.ScaleChange).Select(r => r.Place.Community.Code).ToList();
        mine.ShouldContain(at90.Code);
        mine.ShouldNotContain(at100.Code);
        var item = queue.Items.Single(r => r.Place.Community.Code == at90.Code && r.Cause == ReEvaluationCause.ScaleChange);
        item.Explanation!.Total.ShouldBe(90m);
        item.Explanation.PassMark.Value.ShouldBe(95m);

        // The decision on record is the one made then: 90 against 85, a pass.
        var decided = await (await city.Get(at90.Id)).ReadApplication();
        decided.Decision!.PassMark.Value.ShouldBe(85m);
        decided.Decision.Passes.ShouldBeTrue();
        decided.ScaleVersionId.ShouldBe("beijing-2022-06");

        // Both titles still stand: a rule change calls for a new evaluation, it never revokes by itself.
        var anonymous = app.CreateClient();
        foreach (var code in new[] { at90.Code, at100.Code })
            (await (await anonymous.GetAsync($"/api/v1/public/communities/{code}")).Read<JsonElement>()).GetProperty("status").GetString().ShouldBe("Certified");
    }

    [Fact]
    public async Task ANewVersionWithOtherPoints_QueuesEveryTitleItCannotJudge()
    {
        var certified = await CertifiedAsync(await Round.StartAsync(app, "110102"), Scores());
        var city = await app.AsAsync(ProgrammeRole.City, "11");

        await (await PublishAsync(city, Variant("beijing-test-points", "2022-06-21", 85, movePoints: true))).ShouldBe(HttpStatusCode.OK);

        var queue = await (await city.GetAsync($"/api/v1/re-evaluations?community={certified.Code}")).Read<Applications.Paged<ReEvaluationView>>();
        var item = queue.Items.ShouldHaveSingleItem();
        item.Cause.ShouldBe(ReEvaluationCause.ScaleChange);
        item.Explanation.ShouldBeNull();
        item.Detail.ShouldContain("不一致");
    }

    [Fact]
    public async Task ApplicationsKeepTheirVersion_NewOnesTakeTheVersionInForce()
    {
        var before = await Round.StartAsync(app, "110105");
        var started = await before.DraftAsync();
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        await (await PublishAsync(city, Variant("beijing-test-later", "2022-06-25", 85))).ShouldBe(HttpStatusCode.OK);

        (await (await before.Community.Get(started)).ReadApplication()).ScaleVersionId.ShouldBe("beijing-2022-06");

        app.Clock.Set(new DateTimeOffset(2022, 6, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        try
        {
            var after = await Round.StartAsync(app, "110106");
            var id = await after.DraftAsync();
            (await (await after.Community.Get(id)).ReadApplication()).ScaleVersionId.ShouldBe("beijing-test-later");
        }
        finally
        {
            app.Clock.Set(new DateTimeOffset(2022, 6, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        }
    }

    [Fact]
    public async Task Refusals_AreProblems_AndChangeNothing()
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var district = await app.AsAsync(ProgrammeRole.District, "110108");

        await (await PublishAsync(district, Variant("beijing-test-district", "2022-06-30", 85))).ShouldBe(HttpStatusCode.Forbidden);
        var invalid = await (await PublishAsync(city, Variant("beijing-test-invalid", "2022-06-30", 85).Replace("\"total\": 100", "\"total\": 90")))
            .Problem(HttpStatusCode.BadRequest, "scale-invalid");
        invalid.GetProperty("errors").GetProperty("definition").GetArrayLength().ShouldBeGreaterThan(0);
        await (await PublishAsync(city, "不是 JSON")).Problem(HttpStatusCode.BadRequest, "scale-invalid");
        await (await PublishAsync(city, Variant("beijing-test-past", "2022-06-01", 85))).Problem(HttpStatusCode.BadRequest, "scale-effective-past");
        await (await PublishAsync(city, Shipped)).Problem(HttpStatusCode.BadRequest, "scale-effective-past");
        await (await PublishAsync(city, Variant("beijing-2022-06", "2022-07-01", 85))).Problem(HttpStatusCode.Conflict, "scale-exists");

        var versions = await (await city.GetAsync("/api/v1/scales")).Read<List<Wuyi.Web.Scales.ScaleVersionView>>();
        versions.Select(v => v.Id).ShouldNotContain("beijing-test-district");
        versions.Select(v => v.Id).ShouldNotContain("beijing-test-invalid");
        versions.Select(v => v.Id).ShouldNotContain("beijing-test-past");
    }
}

public sealed class ScalePublishingTests_Sqlite(SqliteApp app) : ScalePublishingTests(app), IClassFixture<SqliteApp>;

public sealed class ScalePublishingTests_Postgres(PostgresApp app) : ScalePublishingTests(app), IClassFixture<PostgresApp>;
