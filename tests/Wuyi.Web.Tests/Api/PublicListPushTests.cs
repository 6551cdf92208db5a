using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// PostgreSQL, several nodes: each node hears the list's version pushed (LISTEN/NOTIFY) and serves it from memory
/// once a round-trip on its listening connection has confirmed it (docs/decisions/0011). A publication on another
/// node shows on this node's very next read; with the listening connection killed, reads fall back to the row and
/// are still never stale, and the listener comes back.
/// </summary>
public sealed class PublicListPushTests(PostgresApp app) : IClassFixture<PostgresApp>, IAsyncLifetime
{
    private readonly SecondNode _other = new(app);

    public async Task InitializeAsync() => await ((IAsyncLifetime)_other).InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_other).DisposeAsync();

    private PublicListListener Listener => app.Services.GetRequiredService<PublicListListener>();

    [Fact]
    public async Task APublicationOnAnotherNode_IsOnThisNodesVeryNextRead_ServedThroughTheListener()
    {
        await ListeningAsync();
        var reader = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var round = await Round.StartAsync(app, "110105");
            var id = await round.FiledAsync();
            var before = await CertifiedAsync(reader); // cached on this node from here on

            await PublishOnOtherNodeAsync(round, id);

            (await CertifiedAsync(reader)).ShouldBe(before + 1);
        }
        // The push path answered, not the fallback: the same listening connection throughout.
        Listener.ProcessId.ShouldNotBeNull();
    }

    [Fact]
    public async Task ListenerConnectionKilled_ReadsFallBackToTheRow_NeverStale_AndTheListenerReturns()
    {
        var killed = await ListeningAsync();
        var reader = app.CreateClient();
        var round = await Round.StartAsync(app, "110105");
        var first = await round.FiledAsync();
        var later = await Round.StartAsync(app, "110105");
        var second = await later.FiledAsync();
        var before = await CertifiedAsync(reader);

        await TerminateAsync(killed);
        await PublishOnOtherNodeAsync(round, first); // not heard by this node: its listening connection is gone

        (await CertifiedAsync(reader)).ShouldBe(before + 1);

        // It listens again, on a new connection, and is fresh through it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Listener.ProcessId is not { } pid || pid == killed)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the listener did not reconnect");
            await CertifiedAsync(reader);
            await Task.Delay(100);
        }
        await PublishOnOtherNodeAsync(later, second);
        (await CertifiedAsync(reader)).ShouldBe(before + 2);
    }

    private async Task<int> ListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int? pid;
        while ((pid = Listener.ProcessId) is null)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the listener did not connect");
            await Task.Delay(50);
        }
        return pid.Value;
    }

    private static async Task<int> CertifiedAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/public/summary")).Read<Summary>()).Certified;

    private async Task PublishOnOtherNodeAsync(Round round, Guid id)
    {
        var city = _other.CreateClient();
        city.DefaultRequestHeaders.Authorization = round.City.DefaultRequestHeaders.Authorization;
        await (await city.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { id } })).ShouldBe(HttpStatusCode.Created);
    }

    private async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pid });
        ((bool)(await command.ExecuteScalarAsync())!).ShouldBeTrue();
    }
}
