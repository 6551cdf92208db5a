using System.Net;
using System.Net.Http.Json;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Audit;

/// <summary>
/// Two app nodes on one database appending at once leave one unbroken chain: every request is on record exactly once and
/// the chain verifies. Without the chain lock two nodes read the same tail, and one of them fails on the sequence number.
/// </summary>
public abstract class AuditSeveralNodesTests(WuyiApp app) : IAsyncLifetime
{
    private readonly SecondNode _other = new(app);

    public async Task InitializeAsync() => await ((IAsyncLifetime)_other).InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_other).DisposeAsync();

    [Fact]
    public async Task ConcurrentRequestsOnTwoNodes_LeaveOneUnbrokenChain()
    {
        var before = (await app.TrailAsync()).Count;
        var nodes = new[] { app.CreateClient(), _other.CreateClient() };
        const int perNode = 15;
        var responses = await Task.WhenAll(Enumerable.Range(0, perNode * 2).Select(i =>
            nodes[i % 2].PostAsJsonAsync("/api/v1/auth/token", new { userName = $"race-{i}", password = "x" })));
        responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);

        var trail = await app.TrailAsync();
        trail.Count.ShouldBe(before + perNode * 2);
        trail.Where(r => r.ActorName!.StartsWith("race-")).Select(r => r.ActorName).Distinct().Count().ShouldBe(perNode * 2);
        var verification = await app.VerifyAsync();
        verification.Intact.ShouldBeTrue(verification.Describe());
    }
}

public sealed class AuditSeveralNodesTests_Sqlite(SqliteApp app) : AuditSeveralNodesTests(app), IClassFixture<SqliteApp>;

public sealed class AuditSeveralNodesTests_Postgres(PostgresApp app) : AuditSeveralNodesTests(app), IClassFixture<PostgresApp>;
