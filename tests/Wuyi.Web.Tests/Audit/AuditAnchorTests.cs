using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Tests.Infrastructure;
using Wuyi.Web.Tests.Resilience;

namespace Wuyi.Web.Tests.Audit;

/// <summary>
/// A change and its record commit together: a record that cannot be written takes its change with it. The head anchored
/// outside the database finds the newest records cut off, and a forged anchor line is reported. Each class has its own
/// database, since these tests cut the chain.
/// </summary>
public abstract class AuditAnchorTests(AuditApp app)
{
    private AuditAnchors Anchors => app.Services.GetRequiredService<AuditAnchors>();

    private Task<AuditVerification> VerifyWithAnchorsAsync() => app.WithDbAsync(db => AuditTrail.VerifyAsync(db, Anchors));

    [Fact]
    public async Task ADecision_IsRecordedInItsOwnTransaction_AndWithoutItsRecord_DoesNotHappen()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        // The database refuses the record of this recommendation (as a full disk or a lost connection would at that moment).
        var refuse = app.Provider == Web.Data.DatabaseProvider.Sqlite
            ? $"CREATE TRIGGER refuse_record BEFORE INSERT ON \"AuditRecords\" WHEN NEW.\"Changes\" LIKE '%{id}%Recommended%' BEGIN SELECT RAISE(ABORT, 'no record'); END"
            : $"CREATE FUNCTION refuse_record() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no record'; END $$ LANGUAGE plpgsql; " +
              $"CREATE TRIGGER refuse_record BEFORE INSERT ON \"AuditRecords\" FOR EACH ROW WHEN (NEW.\"Changes\" LIKE '%{id}%Recommended%') EXECUTE FUNCTION refuse_record()";
        await app.SqlAsync(refuse);
        try
        {
            (await round.Street.Step(id, "recommend", new { comment = "推荐" })).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Submitted); // the change went with its record
            (await app.TrailAsync()).Where(r => r.ObjectId == id.ToString() && r.Action.EndsWith("/recommend")).ShouldHaveSingleItem()
                .ShouldSatisfyAllConditions(r => r.Outcome.ShouldBe(AuditOutcome.Failed), r => r.Status.ShouldBe(500), r => r.Changes.ShouldBeNull());
        }
        finally
        {
            await app.SqlAsync(app.Provider == Web.Data.DatabaseProvider.Sqlite
                ? "DROP TRIGGER refuse_record"
                : "DROP TRIGGER refuse_record ON \"AuditRecords\"; DROP FUNCTION refuse_record()");
        }

        await (await round.Street.Step(id, "recommend", new { comment = "推荐" })).ShouldBe(HttpStatusCode.OK);
        var records = (await app.TrailAsync()).Where(r => r.ObjectId == id.ToString() && r.Action.EndsWith("/recommend")).ToList();
        records.Count.ShouldBe(2); // the failure, then the one record of the change: sealed with it, nothing after
        records[1].ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Success),
            r => r.Status.ShouldBeNull(), // sealed before the response was written
            r => r.Role.ShouldBe("Street"),
            r => r.Changes.ShouldNotBeNull().ShouldContain("\"State\":\"Recommended\""));
        (await VerifyWithAnchorsAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task CuttingOffTheNewestRecords_AfterAnAnchor_IsFound_ByTheVerifier_AndTheCommand()
    {
        await app.SomeRecordsAsync(4);
        var anchor = await app.WithDbAsync(db => Anchors.AnchorHeadAsync(db, AuditAnchors.Scheduled));
        await app.SomeRecordsAsync(2);
        var verified = await VerifyWithAnchorsAsync();
        verified.Intact.ShouldBeTrue(verified.Describe());
        verified.AnchoredThrough.ShouldBe(anchor.Sequence);

        // Someone with database access removes the newest records, the anchored one among them: a shorter chain, valid in itself.
        var removed = await app.TrailAsync();
        await app.SqlAsync($"DELETE FROM \"AuditRecords\" WHERE \"Sequence\" >= {anchor.Sequence - 1}");
        (await app.VerifyAsync()).Intact.ShouldBeTrue(); // the chain alone cannot tell
        var cut = await VerifyWithAnchorsAsync();
        cut.Intact.ShouldBeFalse();
        cut.BrokenAt.ShouldBe(anchor.Sequence - 1);
        cut.Problem.ShouldNotBeNull().ShouldContain("截断");
        cut.Problem.ShouldContain($"序号 {anchor.Sequence}");

        var (exit, output) = await AppProcess.RunCommandAsync(app.Provider, app.Database.ConnectionString, "audit-verify",
            $"--Wuyi:Audit:AnchorPath={app.AnchorPath}", $"--Wuyi:Audit:AnchorKeyPath={app.AnchorKeyPath}");
        exit.ShouldBe(1, output);
        output.ShouldContain("截断");

        // The records put back (as if rebuilt), the anchored one now with another content: its hash no longer matches.
        await app.WithDbAsync(async db =>
        {
            db.AuditRecords.AddRange(removed.Where(r => r.Sequence >= anchor.Sequence - 1));
            await db.SaveChangesAsync();
        });
        (await VerifyWithAnchorsAsync()).Intact.ShouldBeTrue();
        await app.SqlAsync($"UPDATE \"AuditRecords\" SET \"Hash\" = '{new string('a', 64)}' WHERE \"Sequence\" = {anchor.Sequence}");
        (await VerifyWithAnchorsAsync()).BrokenAt.ShouldBe(anchor.Sequence);
        await app.SqlAsync($"UPDATE \"AuditRecords\" SET \"Hash\" = '{anchor.Hash}' WHERE \"Sequence\" = {anchor.Sequence}");
        (await VerifyWithAnchorsAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task AForgedAnchorLine_IsReported()
    {
        await app.SomeRecordsAsync(2);
        await app.WithDbAsync(db => Anchors.AnchorHeadAsync(db, AuditAnchors.Scheduled));
        (await VerifyWithAnchorsAsync()).Intact.ShouldBeTrue();
        var lines = await File.ReadAllLinesAsync(app.AnchorPath);

        // The last line claims a longer chain, keeping its old signature.
        var last = System.Text.Json.JsonSerializer.Deserialize<AuditAnchors.Anchor>(lines[^1], new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        var forged = System.Text.Json.JsonSerializer.Serialize(last with { Sequence = last.Sequence + 1000 }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        await File.AppendAllTextAsync(app.AnchorPath, forged + "\n");
        var verification = await VerifyWithAnchorsAsync();
        verification.Intact.ShouldBeFalse();
        verification.Problem.ShouldNotBeNull().ShouldContain($"第 {lines.Length + 1} 行签名不符");
        verification.Describe().ShouldContain("签名不符");

        // The API says so too.
        var admin = await app.AuditAdministratorAsync();
        var api = await (await admin.GetAsync("/api/v1/audit/verify")).Read<AuditVerification>();
        api.Intact.ShouldBeFalse();
        api.Problem.ShouldNotBeNull().ShouldContain("签名不符");

        await File.WriteAllLinesAsync(app.AnchorPath, lines);
        (await VerifyWithAnchorsAsync()).Intact.ShouldBeTrue();
    }
}

public sealed class AuditAnchorTests_Sqlite(AuditSqliteApp app) : AuditAnchorTests(app), IClassFixture<AuditSqliteApp>;

public sealed class AuditAnchorTests_Postgres(AuditPostgresApp app) : AuditAnchorTests(app), IClassFixture<AuditPostgresApp>;
