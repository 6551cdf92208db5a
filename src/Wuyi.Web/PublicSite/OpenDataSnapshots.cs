using System.Data;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// The certified list as it stood at the end of one Beijing day (每日快照), frozen: the three files exactly as they were
/// first served, so that a file downloaded years later is byte for byte the one of that day, with the SHA-256 the page
/// publishes. One row per day (the key), or a row that says the day is missing and why (docs/decisions/0014-open-data.md).
/// </summary>
public sealed class OpenDataSnapshot
{
    public DateOnly Date { get; set; }
    public int SchemaVersion { get; set; }
    public DateTime TakenAtUtc { get; set; }
    public int RowCount { get; set; }

    /// <summary>Why the day has no snapshot (缺失), when it has none; its files are then null.</summary>
    public string? MissingReason { get; set; }

    /// <summary>The JSON file, gzip-compressed at rest.</summary>
    public byte[]? Json { get; set; }

    public string? JsonSha256 { get; set; }

    /// <summary>The CSV file, gzip-compressed at rest.</summary>
    public byte[]? Csv { get; set; }

    public string? CsvSha256 { get; set; }

    /// <summary>The .xlsx file as it is (already a zip).</summary>
    public byte[]? Xlsx { get; set; }

    public string? XlsxSha256 { get; set; }
}

/// <summary>A day on the open-data page: its row count and each file's SHA-256, or why it is missing.</summary>
public sealed record SnapshotEntry(DateOnly Date, int SchemaVersion, DateTime TakenAtUtc, int RowCount, string? MissingReason,
    string? JsonSha256, string? CsvSha256, string? XlsxSha256)
{
    public bool Missing => MissingReason is not null;

    public string? Sha256(DatasetFormat format) => format switch
    {
        DatasetFormat.Csv => CsvSha256,
        DatasetFormat.Xlsx => XlsxSha256,
        _ => JsonSha256,
    };
}

/// <summary>
/// Takes the daily snapshots and reads them back. Several nodes may take the same day at once: the day is the key and the
/// insert does nothing when the row exists, so exactly one snapshot per day is kept, whichever node wrote it.
/// </summary>
public sealed class OpenDataSnapshots(WuyiDbContext db, PublicQueries queries, TimeProvider time)
{
    /// <summary>Why a day is missing: the list changed after the day ended, before any node froze it.</summary>
    public const string ChangedSince = "当日结束时未能留存快照（服务未运行），此后名单已有变动，无法如实还原当日名单";

    /// <summary>
    /// Freezes every day that ended since the last one on record, up to yesterday (Beijing time), and answers the days it
    /// recorded (taken or missing; a day another node recorded first is not among them). A day is taken only while the list
    /// is still as it stood at the day's end — no certification granted, revoked or restored since — and so is honestly
    /// that day's list; otherwise it is recorded as missing. With nothing on record, the first day is yesterday if it can
    /// be taken, else the first snapshot will be today's.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> TakeDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var yesterday = ProgrammeClock.DateOf(now).AddDays(-1);
        var last = await db.OpenDataSnapshots.MaxAsync(s => (DateOnly?)s.Date, ct);
        if (last >= yesterday) return [];

        var (rows, lastChange) = await ListAsItStandsAsync(ct);
        var city = await queries.CityAsync(ct);
        var recorded = new List<DateOnly>();
        for (var date = last?.AddDays(1) ?? yesterday; date <= yesterday; date = date.AddDays(1))
        {
            var end = ProgrammeClock.StartOf(date.AddDays(1)).UtcDateTime;
            var snapshot = new OpenDataSnapshot { Date = date, SchemaVersion = OpenDataset.SchemaVersion, TakenAtUtc = now.UtcDateTime };
            if (lastChange > end)
            {
                if (last is null) continue; // nothing kept yet: the platform starts keeping them with a day it can take
                snapshot.MissingReason = ChangedSince;
            }
            else
            {
                snapshot.RowCount = rows.Count;
                var json = await OpenDataset.WriteAsync(DatasetFormat.Json, rows, date, snapshot: true, now, city, ct);
                var csv = await OpenDataset.WriteAsync(DatasetFormat.Csv, rows, date, snapshot: true, now, city, ct);
                var xlsx = await OpenDataset.WriteAsync(DatasetFormat.Xlsx, rows, date, snapshot: true, now, city, ct);
                (snapshot.Json, snapshot.JsonSha256) = (Gzip(json.Bytes), json.Sha256);
                (snapshot.Csv, snapshot.CsvSha256) = (Gzip(csv.Bytes), csv.Sha256);
                (snapshot.Xlsx, snapshot.XlsxSha256) = (xlsx.Bytes, xlsx.Sha256);
            }
            if (await InsertAsync(snapshot, ct)) recorded.Add(date);
        }
        return recorded;
    }

    /// <summary>
    /// The certified list and the last moment anything on it changed, read in one snapshot of the database (PostgreSQL:
    /// repeatable read; SQLite: one deferred read transaction over WAL), so that the two agree.
    /// </summary>
    private async Task<(IReadOnlyList<CertifiedCommunity> Rows, DateTime? LastChange)> ListAsItStandsAsync(CancellationToken ct)
    {
        await using var tx = await ReadTransactionAsync(ct);
        var rows = new List<CertifiedCommunity>();
        await foreach (var row in queries.StreamCertified(null, null, null).WithCancellation(ct)) rows.Add(row);
        var titles = db.Certifications.AsNoTracking().Under(c => c.CommunityCode, queries.Programme);
        var changes = new[]
        {
            await titles.MaxAsync(c => (DateTime?)c.CertifiedAtUtc, ct),
            await titles.MaxAsync(c => c.RevokedAtUtc, ct),
            await titles.MaxAsync(c => c.RestoredAtUtc, ct),
        };
        return (rows, changes.Max());
    }

    private async Task<IAsyncDisposable> ReadTransactionAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // Microsoft.Data.Sqlite begins IMMEDIATE (the write lock) unless told otherwise: a reader needs no lock.
        await db.Database.OpenConnectionAsync(ct);
        var sqlite = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(sqlite, ct);
        return new SqliteRead(db, sqlite);
    }

    /// <summary>A transaction EF was handed is not EF's to end: this ends it (read only, so rolled back) and closes the connection.</summary>
    private sealed class SqliteRead(WuyiDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Inserts the day unless a row for it exists (another node took it first); answers whether this call wrote it.</summary>
    private async Task<bool> InsertAsync(OpenDataSnapshot s, CancellationToken ct)
    {
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        var written = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "OpenDataSnapshots" ("Date", "SchemaVersion", "TakenAtUtc", "RowCount", "MissingReason", "Json", "JsonSha256", "Csv", "CsvSha256", "Xlsx", "XlsxSha256")
            VALUES ({s.Date}, {s.SchemaVersion}, {s.TakenAtUtc}, {s.RowCount}, {s.MissingReason}, {s.Json}, {s.JsonSha256}, {s.Csv}, {s.CsvSha256}, {s.Xlsx}, {s.XlsxSha256})
            ON CONFLICT ("Date") DO NOTHING
            """, ct);
        return written == 1;
    }

    /// <summary>Every day on record, newest first, without the files.</summary>
    public async Task<IReadOnlyList<SnapshotEntry>> ListAsync(CancellationToken ct) =>
        await db.OpenDataSnapshots.AsNoTracking().OrderByDescending(s => s.Date)
            .Select(s => new SnapshotEntry(s.Date, s.SchemaVersion, s.TakenAtUtc, s.RowCount, s.MissingReason, s.JsonSha256, s.CsvSha256, s.XlsxSha256))
            .ToListAsync(ct);

    /// <summary>The day's entry and its file in the format asked for, as first served; null when the day has no row.</summary>
    public async Task<(SnapshotEntry Entry, DatasetFile? File)?> FileAsync(DateOnly date, DatasetFormat format, CancellationToken ct)
    {
        var row = await db.OpenDataSnapshots.AsNoTracking().Where(s => s.Date == date)
            .Select(s => new
            {
                Entry = new SnapshotEntry(s.Date, s.SchemaVersion, s.TakenAtUtc, s.RowCount, s.MissingReason, s.JsonSha256, s.CsvSha256, s.XlsxSha256),
                Stored = format == DatasetFormat.Json ? s.Json : format == DatasetFormat.Csv ? s.Csv : s.Xlsx,
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        if (row.Stored is null) return (row.Entry, null);
        var file = DatasetFile.Of(format == DatasetFormat.Xlsx ? row.Stored : Gunzip(row.Stored), format);
        if (file.Sha256 != row.Entry.Sha256(format))
            throw new InvalidDataException($"{date:yyyy-MM-dd} 的快照文件（{OpenDataset.Name(format)}）与记录的 SHA-256 不符");
        return (row.Entry, file);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

/// <summary>
/// Wakes at each Beijing midnight (and at start, and at least every ten minutes, so a clock that jumps or a day missed
/// while the node was down is caught up) and takes the days that are due. Every node runs it; the key keeps one per day.
/// </summary>
public sealed class DailySnapshots(IServiceScopeFactory scopes, TimeProvider time, ILogger<DailySnapshots> logger) : BackgroundService
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var taken = await scope.ServiceProvider.GetRequiredService<OpenDataSnapshots>().TakeDueAsync(stoppingToken);
                    if (taken.Count > 0) logger.LogInformation("开放数据每日快照：已留存 {Dates}", string.Join("、", taken.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "开放数据每日快照未能留存，将于下次唤醒时重试");
                }
                await Task.Delay(UntilNextDay(time.GetUtcNow()), time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>Until just after the next Beijing midnight, at most <see cref="MaxWait"/>.</summary>
    public static TimeSpan UntilNextDay(DateTimeOffset now)
    {
        var wait = ProgrammeClock.StartOf(ProgrammeClock.DateOf(now).AddDays(1)) - now + TimeSpan.FromSeconds(1);
        return wait < MaxWait ? wait : MaxWait;
    }
}
