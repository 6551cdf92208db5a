using Microsoft.EntityFrameworkCore;
using Npgsql;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Resilience;

/// <summary>
/// A connection that breaks under a transaction (the server restarting, the backend terminated) before it commits: the
/// commit's own work (the dashboards' recount, the public list's notification) meets Npgsql's "Transaction is already
/// completed" — that must read as the database being away (503), never as a bug (500). Seen in <see cref="PostgresRestartTests"/>
/// about once in twenty runs under load; here it is made to happen every time.
/// </summary>
public sealed class BrokenTransactionTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task ACommitWhoseConnectionBroke_FailsAsTheDatabaseBeingAway()
    {
        var code = await app.FreshCommunityAsync("110108");
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
            await using (var other = new NpgsqlConnection(db.Database.GetConnectionString()))
            {
                await other.OpenAsync();
                await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({pid})", other);
                await kill.ExecuteScalarAsync();
            }
            // The client learns of it on its next command, as a request does in the middle of its work.
            var noticed = await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SELECT 1"));
            DatabaseUnavailable.Is(noticed).ShouldBeTrue(noticed.ToString());

            db.FiguresMoved(Wuyi.Web.Dashboards.FigureSections.Hotline, [code]); // the commit has work of its own to do
            var commit = await Should.ThrowAsync<Exception>(() => tx.CommitAsync());
            DatabaseUnavailable.Is(commit).ShouldBeTrue(commit.ToString());
        });
    }
}
