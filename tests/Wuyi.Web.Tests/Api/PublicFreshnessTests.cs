using System.Net;
using System.Net.Http.Json;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// The cached public reads under concurrency: readers racing a publication may see either side of it, but
/// every read that starts after the publication answered sees it (PostgreSQL shares version reads between
/// concurrent requests; SQLite keeps the version in memory).
/// </summary>
public abstract class PublicFreshnessTests(WuyiApp app)
{
    [Fact]
    public async Task ReadsAfterAPublication_AllSeeIt_EvenWhileOthersRace()
    {
        var round = await Round.StartAsync(app, "110107");
        var id = await round.FiledAsync();
        var anonymous = app.CreateClient();
        var before = (await (await anonymous.GetAsync("/api/v1/public/summary")).Read<Summary>()).Certified;

        using var racing = new CancellationTokenSource();
        var racers = Enumerable.Range(0, 8).Select(async _ =>
        {
            var client = app.CreateClient();
            while (!racing.IsCancellationRequested)
                (await client.GetAsync("/api/v1/public/summary")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }).ToList();

        await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { id } })).ShouldBe(HttpStatusCode.Created);

        var after = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
            (await (await app.CreateClient().GetAsync("/api/v1/public/summary")).Read<Summary>()).Certified));
        racing.Cancel();
        await Task.WhenAll(racers);
        after.ShouldAllBe(certified => certified == before + 1);
    }
}

public sealed class PublicFreshnessTests_Sqlite(SqliteApp app) : PublicFreshnessTests(app), IClassFixture<SqliteApp>;

public sealed class PublicFreshnessTests_Postgres(PostgresApp app) : PublicFreshnessTests(app), IClassFixture<PostgresApp>;
