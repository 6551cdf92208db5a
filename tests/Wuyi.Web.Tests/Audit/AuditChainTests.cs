using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Audit;

/// <summary>
/// The chain: it verifies; a record changed, deleted or reordered straight in the database is found at its sequence number;
/// purging the oldest keeps it verifiable and is itself on record. Each class has its own database, since these tests
/// break and move the chain.
/// </summary>
public abstract class AuditChainTests(WuyiApp app)
{
    [Fact]
    public async Task Tampering_IsFound_AtTheFirstBrokenLink()
    {
        await app.SomeRecordsAsync(6);
        (await app.VerifyAsync()).Intact.ShouldBeTrue((await app.VerifyAsync()).Describe());
        var trail = await app.TrailAsync();
        var victim = trail[^3];
        const string t = "\"AuditRecords\"";

        // A field changed.
        await app.SqlAsync($"UPDATE {t} SET \"ClientIp\" = '198.51.100.1' WHERE \"Sequence\" = {victim.Sequence}");
        var changed = await app.VerifyAsync();
        changed.Intact.ShouldBeFalse();
        changed.BrokenAt.ShouldBe(victim.Sequence);
        changed.Problem.ShouldNotBeNull().ShouldContain("哈希不符");
        await app.SqlAsync($"UPDATE {t} SET \"ClientIp\" = {(victim.ClientIp is null ? "NULL" : $"'{victim.ClientIp}'")} WHERE \"Sequence\" = {victim.Sequence}");
        (await app.VerifyAsync()).Intact.ShouldBeTrue();

        // A record deleted.
        await app.SqlAsync($"DELETE FROM {t} WHERE \"Sequence\" = {victim.Sequence}");
        var deleted = await app.VerifyAsync();
        deleted.Intact.ShouldBeFalse();
        deleted.BrokenAt.ShouldBe(victim.Sequence + 1);
        deleted.Problem.ShouldNotBeNull().ShouldContain($"缺少序号 {victim.Sequence}");
        await app.WithDbAsync(async db =>
        {
            db.AuditRecords.Add(victim);
            await db.SaveChangesAsync();
        });
        (await app.VerifyAsync()).Intact.ShouldBeTrue();

        // Two records swapped (their sequence numbers exchanged).
        var other = victim.Sequence + 1;
        await app.SqlAsync($"UPDATE {t} SET \"Sequence\" = -1 WHERE \"Sequence\" = {victim.Sequence}");
        await app.SqlAsync($"UPDATE {t} SET \"Sequence\" = {victim.Sequence} WHERE \"Sequence\" = {other}");
        await app.SqlAsync($"UPDATE {t} SET \"Sequence\" = {other} WHERE \"Sequence\" = -1");
        var swapped = await app.VerifyAsync();
        swapped.Intact.ShouldBeFalse();
        swapped.BrokenAt.ShouldBe(victim.Sequence);

        // The API and the audit page say where, and so does the command line, which fails.
        var admin = await app.AuditAdministratorAsync();
        var api = await (await admin.GetAsync("/api/v1/audit/verify")).Read<AuditVerification>();
        api.Intact.ShouldBeFalse();
        api.BrokenAt.ShouldBe(victim.Sequence);
        var browser = await app.AuditBrowserAsync(admin);
        var (_, page) = await browser.GetAsync("/audit?handler=verify");
        var shown = page.QuerySelector("[data-testid=verification]")!;
        shown.GetAttribute("data-intact").ShouldBe("false");
        shown.TextContent.ShouldContain($"序号 {victim.Sequence} 处断开");

        var (exit, output) = await VerifyCommandAsync();
        exit.ShouldBe(1);
        output.ShouldContain($"序号 {victim.Sequence}");

        await app.SqlAsync($"UPDATE {t} SET \"Sequence\" = -1 WHERE \"Sequence\" = {victim.Sequence}");
        await app.SqlAsync($"UPDATE {t} SET \"Sequence\" = {victim.Sequence} WHERE \"Sequence\" = {other}");
        await app.SqlAsync($"UPDATE {t} SET \"Sequence\" = {other} WHERE \"Sequence\" = -1");
        (await app.VerifyAsync()).Intact.ShouldBeTrue();
        (await VerifyCommandAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Purge_KeepsTheChainVerifiable_AndIsItselfRecorded_WithItsAnchor()
    {
        await app.SomeRecordsAsync(3);
        var old = await app.TrailAsync();
        var retention = app.Services.GetServices<IHostedService>().OfType<AuditRetention>().Single();

        (await retention.PurgeAsync()).ShouldBe(0); // nothing is 180 days old yet
        app.Clock.Advance(TimeSpan.FromDays(181));
        await app.SomeRecordsAsync(2);
        var kept = (await app.TrailAsync()).Where(r => r.Sequence > old[^1].Sequence).ToList();

        (await retention.PurgeAsync()).ShouldBe(old.Count);
        var trail = await app.TrailAsync();
        var lastOld = old[^1].Sequence;
        trail.ShouldNotContain(r => r.Sequence <= lastOld);
        var purge = trail[^1];
        purge.Action.ShouldBe(AuditTrail.PurgeAction);
        purge.Changes.ShouldNotBeNull().ShouldContain($"\"anchorSequence\":{kept[0].Sequence}");
        purge.Changes.ShouldContain(kept[0].PreviousHash);
        var verification = await app.VerifyAsync();
        verification.Intact.ShouldBeTrue(verification.Describe());
        verification.FirstSequence.ShouldBe(kept[0].Sequence);

        // Deleting the new first record is still found: the chain no longer starts at the anchor.
        await app.SqlAsync($"DELETE FROM \"AuditRecords\" WHERE \"Sequence\" = {kept[0].Sequence}");
        var broken = await app.VerifyAsync();
        broken.Intact.ShouldBeFalse();
        broken.BrokenAt.ShouldBe(kept[0].Sequence + 1);
        await app.WithDbAsync(async db =>
        {
            db.AuditRecords.Add(kept[0]);
            await db.SaveChangesAsync();
        });
        (await app.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task TheTrail_RefusesChangesThroughTheApp()
    {
        await app.SomeRecordsAsync(1);
        var last = (await app.TrailAsync())[^1];
        await Should.ThrowAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var r = await db.AuditRecords.FindAsync(last.Sequence);
            r!.ActorName = "someone else";
            await db.SaveChangesAsync();
        }));
    }

    private static readonly SemaphoreSlim ConsoleTurn = new(1, 1);

    /// <summary>Runs `audit-verify` against this database, in process, as the command line would.</summary>
    private async Task<(int Exit, string Output)> VerifyCommandAsync()
    {
        await ConsoleTurn.WaitAsync(); // the console is the process's: one capture at a time
        var output = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
            builder.Configuration["Database:Provider"] = app.Provider.ToString();
            builder.Configuration["ConnectionStrings:Wuyi"] = app.Database.ConnectionString;
            builder.Services.AddWuyiDatabase(builder.Configuration, builder.Environment.ContentRootPath);
            await using var web = builder.Build();
            var exit = await Wuyi.Web.Administration.Commands.RunAsync(web, ["audit-verify"]);
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            ConsoleTurn.Release();
        }
    }
}

public sealed class AuditChainTests_Sqlite(SqliteApp app) : AuditChainTests(app), IClassFixture<SqliteApp>;

public sealed class AuditChainTests_Postgres(PostgresApp app) : AuditChainTests(app), IClassFixture<PostgresApp>;
