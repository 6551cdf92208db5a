using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Wuyi.Domain.Rules;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Resilience;

/// <summary>
/// <c>backup</c> and <c>restore</c> run as an operator runs them, against a database the app is using: a round to a
/// published batch, a veto, complaints and an uploaded file come back whole in a fresh database and folder; a
/// tampered backup and a non-empty target are refused.
/// </summary>
public abstract class BackupTests(WuyiApp app) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("wuyi-backup-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Backup_ThenRestore_IntoAFreshDatabase_GivesBackEveryRowAndFile()
    {
        var round = await Round.StartAsync(app);
        var (_, batch) = await round.CertifiedAsync();
        batch.ShouldBeGreaterThan(0);
        var vetoed = await Round.StartAsync(app);
        await (await vetoed.District.RecordVeto(vetoed.CommunityCode, VetoKind.MediaExposure, app.Clock)).ShouldBe(HttpStatusCode.Created);
        var complaints = new
        {
            complaints = Enumerable.Range(1, 3).Select(n => new
            {
                number = $"B-{round.CommunityCode}-{n}",
                receivedAt = "2022-06-10T10:00:00+08:00",
                communityCode = round.CommunityCode,
                epidemicRelated = n == 1,
                responseDeadline = "2022-06-11T10:00:00+08:00",
            }),
        };
        await (await round.City.PostAsJsonAsync("/api/v1/hotline/complaints", complaints)).ShouldBe(HttpStatusCode.OK);
        var uploads = Path.Combine(_temp, "uploads");
        var proof = Path.Combine(uploads, "rectifications", "整改照片.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(proof)!);
        await File.WriteAllBytesAsync(proof, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]);

        // Backed up while the app is running on that database.
        var backup = Path.Combine(_temp, "backup");
        var said = await Run(app.Database.ConnectionString, uploads, "backup", backup).ShouldSucceed();
        // The key ring is encrypted to a certificate the backup does not hold: both the output and the manifest name it.
        said.ShouldContain(WuyiApp.KeyRingCertificatePath.Value);
        said.ShouldContain("备份不含该证书");
        Directory.EnumerateFiles(backup, "*.pfx", SearchOption.AllDirectories).ShouldBeEmpty();
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(backup, "manifest.json"))).RootElement;
        var counted = manifest.GetProperty("rowCounts").EnumerateObject()
            .Aggregate(new SortedDictionary<string, long>(StringComparer.Ordinal), (d, p) => { d[p.Name] = p.Value.GetInt64(); return d; });
        counted.ShouldBe(await CountRowsAsync(app.Database.ConnectionString));
        counted["PublicationBatches"].ShouldBeGreaterThan(0);
        counted["VetoEvents"].ShouldBeGreaterThan(0);
        counted["HotlineComplaints"].ShouldBeGreaterThanOrEqualTo(3);
        counted["DataProtectionKeys"].ShouldBeGreaterThan(0); // the key ring travels with the data
        manifest.GetProperty("provider").GetString().ShouldBe(app.Provider.ToString());
        manifest.GetProperty("keyRing").GetString()!.ShouldContain(WuyiApp.KeyRingCertificatePath.Value);
        manifest.GetProperty("migrationId").GetString().ShouldNotBeNullOrEmpty();
        manifest.GetProperty("files").GetProperty("uploads/rectifications/整改照片.jpg").GetString()
            .ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(proof))));

        await using var fresh = await TestDatabase.CreateAsync(app.Provider);
        var restored = Path.Combine(_temp, "restored-uploads");
        (await Run(fresh.ConnectionString, restored, "restore", backup).ShouldSucceed()).ShouldContain(WuyiApp.KeyRingCertificatePath.Value);
        (await CountRowsAsync(fresh.ConnectionString)).ShouldBe(counted);
        (await File.ReadAllBytesAsync(Path.Combine(restored, "rectifications", "整改照片.jpg"))).ShouldBe(await File.ReadAllBytesAsync(proof));
        counted["AuditRecords"].ShouldBeGreaterThan(0);
        // The backup anchored the head it holds outside the database; the restore anchored the head it put back.
        (await File.ReadAllLinesAsync(AppProcess.AnchorPath(app.Database.ConnectionString)))[^1].ShouldContain("\"kind\":\"backup\"");
        (await File.ReadAllLinesAsync(AppProcess.AnchorPath(fresh.ConnectionString)))[^1].ShouldContain("\"kind\":\"restore\"");
        await Run(fresh.ConnectionString, restored, "audit-verify").ShouldSucceed(); // the restored chain is whole

        // Over data only with --force.
        (await Run(fresh.ConnectionString, restored, "restore", backup)).ShouldFail("不是空的");
        await Run(fresh.ConnectionString, restored, "restore", backup, "--force").ShouldSucceed();
        (await CountRowsAsync(fresh.ConnectionString)).ShouldBe(counted);
    }

    [Fact]
    public async Task Restore_RefusesATamperedBackup_AndLeavesTheTargetAlone()
    {
        var uploads = Path.Combine(_temp, "uploads");
        Directory.CreateDirectory(uploads);
        await File.WriteAllTextAsync(Path.Combine(uploads, "回执.txt"), "已整改");
        var backup = Path.Combine(_temp, "backup");
        await Run(app.Database.ConnectionString, uploads, "backup", backup).ShouldSucceed();
        (await Run(app.Database.ConnectionString, uploads, "backup", backup)).ShouldFail("不是空的"); // never over an earlier backup

        await using var fresh = await TestDatabase.CreateAsync(app.Provider);
        var target = Path.Combine(_temp, "target-uploads");
        await File.AppendAllTextAsync(Path.Combine(backup, "uploads", "回执.txt"), "（改）");
        (await Run(fresh.ConnectionString, target, "restore", backup)).ShouldFail("与清单不符");
        (await CountRowsAsync(fresh.ConnectionString)).ShouldBeEmpty();
        Directory.Exists(target).ShouldBeFalse();

        await File.WriteAllTextAsync(Path.Combine(backup, "manifest.json"), "{\"format\": 1, \"rowCounts\": ");
        (await Run(fresh.ConnectionString, target, "restore", backup)).ShouldFail("损坏");
        (await CountRowsAsync(fresh.ConnectionString)).ShouldBeEmpty();
    }

    private Task<(int ExitCode, string Output)> Run(string connectionString, string uploads, params string[] words) =>
        AppProcess.RunCommandAsync(app.Provider, connectionString, [.. words, $"--Wuyi:Uploads:Path={uploads}",
            $"--Wuyi:DataProtection:CertificatePath={WuyiApp.KeyRingCertificatePath.Value}", $"--Wuyi:DataProtection:CertificatePassword={WuyiApp.KeyRingCertificatePassword}"]);

    /// <summary>Rows of every table, counted here independently of the command's own counting.</summary>
    private async Task<SortedDictionary<string, long>> CountRowsAsync(string connectionString)
    {
        await using DbConnection connection = app.Provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = app.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync());
        }
        return counts;
    }
}

internal static class CommandResults
{
    public static async Task<string> ShouldSucceed(this Task<(int ExitCode, string Output)> run)
    {
        var (code, output) = await run;
        code.ShouldBe(0, output);
        return output;
    }

    public static void ShouldFail(this (int ExitCode, string Output) run, string because)
    {
        run.ExitCode.ShouldBe(1, run.Output);
        run.Output.ShouldContain(because);
    }
}

public sealed class BackupTests_Sqlite(SqliteApp app) : BackupTests(app), IClassFixture<SqliteApp>;

public sealed class BackupTests_Postgres(PostgresApp app) : BackupTests(app), IClassFixture<PostgresApp>;
