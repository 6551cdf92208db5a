using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Dashboards;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// The dashboards' summaries (统计汇总) are kept in the transaction that changes the records: after a whole story — a
/// title granted and revoked, a rejection and a later pass, a district scoring below the claim, 12345 complaints, decisions
/// made at the same moment in one street — every level (the country, the city, a district, a street) reads the same
/// dashboard from its summaries as counted from the records, and the summaries equal a rebuild from scratch, row by row.
/// </summary>
public abstract class DashboardFigureTests(WuyiApp app)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private async Task ShouldMatchTheRecordsAsync(params string[] units)
    {
        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<DashboardQueries>();
        foreach (var (actor, within) in units.Select(u => (new Actor("figures-test", "测试", ProgrammeRole.City, u.Length == 0 ? "" : "11"), u)))
        {
            var stored = await queries.GetAsync(actor, within.Length == 0 ? null : within, CancellationToken.None);
            var counted = await queries.FromRecordsAsync(actor, within.Length == 0 ? null : within, CancellationToken.None);
            JsonSerializer.Serialize(stored with { AsOf = default }, Json).ShouldBe(JsonSerializer.Serialize(counted with { AsOf = default }, Json),
                $"the dashboard of “{(within.Length == 0 ? "全国" : within)}” from its summaries and from the records");
        }
    }

    private Task<List<string>> RowsAsync() => app.WithDbAsync(async db => (await db.DashboardFigures.AsNoTracking().ToListAsync())
        .Where(f => f.Key.StartsWith("meta:", StringComparison.Ordinal) || f.Values().Any(v => v != 0)) // a unit moved back to zero may keep its row
        .OrderBy(f => f.Unit, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal)
        .Select(f => $"{f.Unit}|{f.Key}|{string.Join(",", f.Values())}").ToList());

    private async Task ShouldEqualARebuildAsync()
    {
        var kept = await RowsAsync();
        await app.WithDbAsync(db => FigureStore.RebuildAsync(db, CancellationToken.None));
        var rebuilt = await RowsAsync();
        kept.Except(rebuilt).ShouldBeEmpty("kept in the changing transactions but not in a rebuild");
        rebuilt.Except(kept).ShouldBeEmpty("in a rebuild but not kept in the changing transactions");
    }

    [Fact]
    public async Task AWholeStory_LeavesEveryLevelsSummaries_EqualToTheRecords_AndToARebuild()
    {
        var certified = await Round.StartAsync(app, "110112");
        await certified.CertifiedAsync();
        await certified.District.VetoAsync(certified.CommunityCode, VetoKind.InspectionNotice, app.Clock);

        var rectified = await Round.StartAsync(app, "110112");
        await rectified.CertifiedAsync();
        await rectified.District.VetoAsync(rectified.CommunityCode, VetoKind.InspectionNotice, app.Clock);
        var task = await rectified.District.OpenTaskAsync(rectified.CommunityCode);
        var reported = await (await rectified.Community.TaskStep(task.Id, "report", new { report = "卡口恢复24小时值守", version = task.Version })).Read<RectificationView>();
        await (await rectified.District.TaskStep(task.Id, "accept", new { comment = "整改到位", version = reported.Version })).ShouldBe(HttpStatusCode.OK);

        var tried = await Round.StartAsync(app, "110112");
        var first = await tried.RecommendedAsync();
        await (await tried.District.Step(first, "reject", new { scores = Infrastructure.Api.Scores(), comment = "卡口值守记录不全，不予通过" })).ShouldBe(HttpStatusCode.OK);
        await tried.ApprovedAsync();

        var lowered = await Round.StartAsync(app, "110105");
        var id = await lowered.RecommendedAsync();
        var scores = Infrastructure.Api.Scores();
        var indicator = scores.Keys.First();
        scores[indicator] -= 1;
        await (await lowered.District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation",
            new { scores, findings = "现场复核", indicatorFindings = new Dictionary<string, string> { [indicator] = "值守记录缺两天" } }, Infrastructure.Api.Json)).ShouldBe(HttpStatusCode.OK);

        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var now = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        object Complaint(string number, string code, int daysAgo, string followUp) => new
        {
            number, communityCode = code, receivedAt = now.AddDays(-daysAgo), epidemicRelated = true,
            responseDeadline = now.AddDays(-daysAgo + 1), respondedAt = now.AddDays(-daysAgo + 3), followUp,
        };
        var report = await city.PostAsJsonAsync("/api/v1/hotline/complaints", new
        {
            complaints = new[]
            {
                Complaint($"F{certified.CommunityCode}-1", certified.CommunityCode, 3, "Dissatisfied"),
                Complaint($"F{tried.CommunityCode}-1", tried.CommunityCode, 5, "Satisfied"),
                Complaint($"F{tried.CommunityCode}-2", tried.CommunityCode, 6, "Dissatisfied"),
            },
        }, Infrastructure.Api.Json);
        report.StatusCode.ShouldBe(HttpStatusCode.OK, await report.Content.ReadAsStringAsync());

        await ShouldMatchTheRecordsAsync("", "11", "110112", "110105", certified.CommunityCode[..9], rectified.CommunityCode[..9], tried.CommunityCode[..9], lowered.CommunityCode[..9]);
        await ShouldEqualARebuildAsync();

        // The district dashboard shows what the story did, read from its summaries.
        using var scope = app.Services.CreateScope();
        var district = await scope.ServiceProvider.GetRequiredService<DashboardQueries>()
            .GetAsync(new Actor("figures-test", "测试", ProgrammeRole.District, "110112"), null, CancellationToken.None);
        var street = district.Funnel.Single(r => r.Unit.Code == certified.CommunityCode[..9]).Figures;
        street.Revoked.ShouldBeGreaterThanOrEqualTo(1);
        district.Hotline.Rows.Sum(r => r.Epidemic).ShouldBeGreaterThanOrEqualTo(3);
        district.Vetoes.Single(v => v.Kind == VetoKind.InspectionNotice).Recorded.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task DecisionsAtTheSameMoment_InOneStreet_KeepItsSummariesExact()
    {
        var rounds = new List<Round>();
        for (var i = 0; i < 8; i++) rounds.Add(await Round.StartAsync(app, "110113"));
        rounds.GroupBy(r => r.CommunityCode[..9]).Max(g => g.Count()).ShouldBeGreaterThan(1, "at least two of them in one street");

        var drafts = new List<Guid>();
        foreach (var r in rounds) drafts.Add(await r.DraftAsync()); // a draft takes its district's next case number: one at a time
        await Task.WhenAll(rounds.Select((r, i) => r.Community.Step(drafts[i], "submit")));
        await Task.WhenAll(rounds.Select((r, i) => r.Street.Step(drafts[i], "recommend", new { comment = "推荐" })));

        await ShouldMatchTheRecordsAsync("11", "110113", rounds[0].CommunityCode[..9]);
        await ShouldEqualARebuildAsync();
        using var scope = app.Services.CreateScope();
        var district = await scope.ServiceProvider.GetRequiredService<DashboardQueries>()
            .GetAsync(new Actor("figures-test", "测试", ProgrammeRole.District, "110113"), null, CancellationToken.None);
        district.Total.Recommended.ShouldBeGreaterThanOrEqualTo(8);
    }
}

public sealed class DashboardFigureTests_Sqlite(SqliteApp app) : DashboardFigureTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardFigureTests_Postgres(PostgresApp app) : DashboardFigureTests(app), IClassFixture<PostgresApp>;
