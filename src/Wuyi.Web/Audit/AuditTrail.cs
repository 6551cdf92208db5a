using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Wuyi.Web.Data;

namespace Wuyi.Web.Audit;

/// <summary>
/// Appends to, purges and verifies the hash chain. Every append and purge holds the chain's lock in its transaction
/// (PostgreSQL: an advisory transaction lock, so several app nodes take turns; SQLite: the database's one write lock, plus
/// a process lock for the trail's own transactions), so each record links to the one committed just before it. A
/// request's change seals its record into the change's own transaction (<see cref="AppendWithinAsync"/>); the rest runs
/// in a short transaction of its own. The primary key on the sequence number is the last guard: two writers that somehow
/// read the same tail cannot both commit.
/// </summary>
public sealed class AuditTrail(IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditTrail> logger)
{
    public const string PurgeAction = "audit.purge";
    private const long ChainLockKey = 727368008;
    private static readonly SemaphoreSlim SqliteTurn = new(1, 1);

    /// <summary>Seals the records (sequence, previous hash, hash) and appends them, in order, as one transaction.</summary>
    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default) =>
        WithChainAsync(async (db, tail) =>
        {
            foreach (var r in records) Seal(db, r, ref tail);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>
    /// Deletes the records older than the cutoff and appends one purge record naming the anchor: the sequence number of the
    /// first record kept and the previous hash it carries, from which verification starts. Returns how many were deleted.
    /// </summary>
    public async Task<int> PurgeAsync(DateTime cutoffUtc, AuditRecord purge, CancellationToken ct = default)
    {
        var deleted = 0;
        await WithChainAsync(async (db, tail) =>
        {
            var keepFrom = await db.AuditRecords.Where(r => r.AtUtc >= cutoffUtc).MinAsync(r => (long?)r.Sequence, ct) ?? tail.Sequence + 1;
            var anchorHash = keepFrom == tail.Sequence + 1
                ? tail.Hash
                : await db.AuditRecords.Where(r => r.Sequence == keepFrom).Select(r => r.PreviousHash).SingleAsync(ct);
            deleted = await db.AuditRecords.Where(r => r.Sequence < keepFrom).ExecuteDeleteAsync(ct);
            if (deleted == 0) return;
            purge.Changes = JsonSerializer.Serialize(new PurgeAnchor(keepFrom, anchorHash, deleted, cutoffUtc), WuyiDbContext.Json);
            Seal(db, purge, ref tail);
            await db.SaveChangesAsync(ct);
        }, ct);
        return deleted;
    }

    /// <summary>
    /// Appends the record in the caller's open transaction, just before it commits: the change and its record commit
    /// together or not at all. PostgreSQL: the advisory lock is taken here, so it is held only up to that commit. SQLite:
    /// the transaction began IMMEDIATE and already holds the database's one write lock, which every append needs too.
    /// Inserted with SQL, not through the change tracker, so nothing else the caller left tracked is saved with it.
    /// Every commit of every node waits its turn here, so the turn is two round trips: the lock with the tail, then the
    /// record with the context's last write (the figures' rollup, <see cref="WuyiDbContext.TakeLastWrite"/>).
    /// </summary>
    internal static async Task AppendWithinAsync(WuyiDbContext db, AuditRecord r, CancellationToken ct)
    {
        var tail = await LockedTailAsync(db, ct);
        Link(r, ref tail);
        List<object?> parameters =
        [
            r.Sequence, r.AtUtc, r.ActorUserId, r.ActorName, r.Role, r.Unit, r.ClientIp, r.UserAgent, r.Action,
            r.ObjectType, r.ObjectId, r.Outcome, r.Status, r.ProblemCode, r.Changes, r.PreviousHash, r.Hash,
        ];
        var sql = """
            INSERT INTO "AuditRecords" ("Sequence", "AtUtc", "ActorUserId", "ActorName", "Role", "Unit", "ClientIp", "UserAgent", "Action",
                "ObjectType", "ObjectId", "Outcome", "Status", "ProblemCode", "Changes", "PreviousHash", "Hash")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}, {16});
            """;
        if (db.TakeLastWrite(parameters.Count) is { } last)
        {
            sql += last.Sql;
            parameters.AddRange(last.Parameters);
        }
        await db.Database.ExecuteSqlRawAsync(sql, parameters!, ct);
    }

    /// <summary>The chain's tail in the caller's transaction, PostgreSQL's chain lock taken first in the same round trip.</summary>
    private static async Task<Tail> LockedTailAsync(WuyiDbContext db, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        try
        {
            if (connection.State != System.Data.ConnectionState.Open) throw new InvalidOperationException($"connection {connection.State}");
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = (sqlite ? "" : $"SELECT pg_advisory_xact_lock({ChainLockKey}); ")
                + "SELECT \"Sequence\", \"Hash\" FROM \"AuditRecords\" ORDER BY \"Sequence\" DESC LIMIT 1";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!sqlite) await reader.NextResultAsync(ct); // past the lock's empty answer
            return await reader.ReadAsync(ct) ? new Tail(reader.GetInt64(0), reader.GetString(1)) : new Tail(0, AuditRecord.Genesis);
        }
        catch (InvalidOperationException e) when (DatabaseUnavailable.Broke(connection))
        {
            throw DatabaseUnavailable.Broken(e); // the connection broke under the transaction: 503, not 500
        }
    }

    /// <summary>The newest record's sequence number and hash (0 and the genesis hash for an empty chain), read in the caller's transaction.</summary>
    public static async Task<(long Sequence, string Hash)> HeadAsync(WuyiDbContext db, CancellationToken ct = default)
    {
        var tail = await TailAsync(db, ct);
        return (tail.Sequence, tail.Hash);
    }

    private static async Task<Tail> TailAsync(WuyiDbContext db, CancellationToken ct) =>
        await db.AuditRecords.OrderByDescending(r => r.Sequence).Select(r => new Tail(r.Sequence, r.Hash)).FirstOrDefaultAsync(ct)
        ?? new Tail(0, AuditRecord.Genesis);

    public sealed record PurgeAnchor(long AnchorSequence, string AnchorPreviousHash, int Deleted, DateTime CutoffUtc);

    /// <summary>
    /// Walks the chain from its first remaining record: that record must be the anchor of the latest purge (or sequence 1 on
    /// the genesis hash if nothing was ever purged), each next record must follow by one, carry the previous record's hash,
    /// and hash to its own stored hash. With the head anchors kept outside the database: every line must carry its
    /// signature, every anchored record must still have the anchored hash, and the chain must reach the newest anchored
    /// sequence number (else its newest records were cut off). Reports the first problem.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(WuyiDbContext db, AuditAnchors? anchors = null, CancellationToken ct = default)
    {
        var reading = anchors is null ? new AuditAnchors.Reading([], null) : await anchors.ReadAsync(ct);
        if (reading.Problem is { } unreadable) return AuditVerification.Broken(0, null, null, unreadable);
        var anchored = reading.InForce.ToLookup(a => a.Sequence);
        var newestAnchor = reading.InForce.MaxBy(a => a.Sequence);

        var latestPurge = await db.AuditRecords.AsNoTracking().Where(r => r.Action == PurgeAction)
            .OrderByDescending(r => r.Sequence).Select(r => r.Changes).FirstOrDefaultAsync(ct);
        PurgeAnchor? anchor = null;
        if (latestPurge is not null)
        {
            try
            {
                anchor = JsonSerializer.Deserialize<PurgeAnchor>(latestPurge, WuyiDbContext.Json);
            }
            catch (JsonException)
            {
                // a tampered purge record: its own hash check below reports it
            }
        }
        var expectedSequence = anchor?.AnchorSequence ?? 1;
        var expectedPrevious = anchor?.AnchorPreviousHash ?? AuditRecord.Genesis;
        long checkedCount = 0;
        long? first = null, last = null;
        const int batch = 1000;
        long after = long.MinValue;
        while (true)
        {
            var page = await db.AuditRecords.AsNoTracking().Where(r => r.Sequence > after).OrderBy(r => r.Sequence).Take(batch).ToListAsync(ct);
            foreach (var r in page)
            {
                first ??= r.Sequence;
                if (r.Sequence != expectedSequence)
                    return AuditVerification.Broken(checkedCount, first, r.Sequence, r.Sequence > expectedSequence
                        ? $"缺少序号 {expectedSequence}{(r.Sequence - expectedSequence > 1 ? $" 至 {r.Sequence - 1}" : "")} 的记录（被删除，或起点与最近一次清理的锚点不符）"
                        : $"序号应为 {expectedSequence}（顺序被改动）");
                if (r.PreviousHash != expectedPrevious)
                    return AuditVerification.Broken(checkedCount, first, r.Sequence, checkedCount == 0
                        ? "链起点的前一哈希与锚点不符"
                        : $"前一哈希与序号 {r.Sequence - 1} 的哈希不符（记录被删除、插入或调换）");
                if (r.ComputeHash() != r.Hash)
                    return AuditVerification.Broken(checkedCount, first, r.Sequence, "记录内容与其哈希不符（记录被改动）");
                if (anchored[r.Sequence].FirstOrDefault(a => a.Hash != r.Hash) is { } differs)
                    return AuditVerification.Broken(checkedCount, first, r.Sequence, $"记录的哈希与{differs.Describe()}不符（记录被改动，链被重建）");
                expectedSequence = r.Sequence + 1;
                expectedPrevious = r.Hash;
                checkedCount++;
                last = r.Sequence;
            }
            if (page.Count < batch) break;
            after = page[^1].Sequence;
        }
        if (checkedCount == 0 && anchor is not null)
            return AuditVerification.Broken(0, null, anchor.AnchorSequence, "审计记录全部缺失（包括最近一次清理的记录）");
        var head = last ?? 0;
        if (newestAnchor is not null && newestAnchor.Sequence > head)
            return AuditVerification.Broken(checkedCount, first, head + 1,
                $"审计链被截断：{newestAnchor.Describe()}记录的链头为序号 {newestAnchor.Sequence}，数据库中最新的记录为序号 {head}（最新的记录被删除）");
        return new AuditVerification(true, checkedCount, first, last, null, null, newestAnchor?.Sequence);
    }

    private async Task WithChainAsync(Func<WuyiDbContext, Tail, Task> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var sqlite = db.Database.IsSqlite();
        if (sqlite) await SqliteTurn.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!sqlite) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
            await work(db, await TailAsync(db, ct));
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (sqlite) SqliteTurn.Release();
        }
    }

    private void Seal(WuyiDbContext db, AuditRecord record, ref Tail tail)
    {
        if (record.AtUtc == default) record.AtUtc = time.GetUtcNow().UtcDateTime;
        Link(record, ref tail);
        db.AuditRecords.Add(record);
        logger.LogDebug("audit {Sequence} {Action} {Outcome}", record.Sequence, record.Action, record.Outcome);
    }

    /// <summary>Makes the record the chain's next link: its sequence number, the previous hash, its own hash.</summary>
    private static void Link(AuditRecord record, ref Tail tail)
    {
        record.Normalise();
        record.Sequence = tail.Sequence + 1;
        record.PreviousHash = tail.Hash;
        record.Hash = record.ComputeHash();
        tail = new Tail(record.Sequence, record.Hash);
    }

    private sealed record Tail(long Sequence, string Hash);
}

/// <summary>The verifier's answer: intact, or the first broken link (its sequence number and what is wrong).</summary>
/// <remarks><see cref="AnchoredThrough"/>: the newest anchored sequence number the chain was checked against, if any.</remarks>
public sealed record AuditVerification(bool Intact, long Checked, long? FirstSequence, long? LastSequence, long? BrokenAt, string? Problem, long? AnchoredThrough = null)
{
    public static AuditVerification Broken(long checkedCount, long? first, long? at, string problem) =>
        new(false, checkedCount, first, null, at, problem);

    public string Describe() => Intact
        ? (Checked == 0 ? "审计链完整：尚无记录" : $"审计链完整：已校验 {Checked} 条记录（序号 {FirstSequence} 至 {LastSequence}）")
          + (AnchoredThrough is { } anchored ? $"，与库外的链头锚点（至序号 {anchored}）相符" : "；没有库外的链头锚点可核对")
        : BrokenAt is null ? $"审计链校验未通过：{Problem}"
        : $"审计链在序号 {BrokenAt} 处断开：{Problem}（此前已校验 {Checked} 条）";
}
