using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Data;

namespace Wuyi.Web.Applications;

/// <summary>
/// The next case number (办件编号) of a district and year: one after the highest on record, or after the last this
/// allocator gave (several applications saved at once). Two nodes may pick the same number at the same moment: the
/// unique index refuses the second, which starts again (<see cref="ApplicationWorkflow.StartAsync"/>).
/// </summary>
public sealed class CaseNumberAllocator(WuyiDbContext db)
{
    private const int TurnLockClass = 727368009; // beside the audit chain's key; the two-number form is a lock space of its own

    /// <summary>
    /// The district's turn to number an application, from reading the highest number to committing the new one:
    /// a burst of communities of one district (the deadline day) otherwise all read the same highest number, one
    /// wins and the rest wait for its commit only to be refused and start again, over and over. PostgreSQL: a session
    /// advisory lock on the context's connection (held across its transaction; released at the end, or by the
    /// pool's reset if the connection is dropped); SQLite: the process's write turn (<see cref="SqliteWriteGate"/>).
    /// The unique index still has the last word.
    /// </summary>
    public static ValueTask<IAsyncDisposable> TurnAsync(WuyiDbContext db, string districtCode, CancellationToken ct) =>
        // Not an async method on SQLite's path: the turn it enters must be known as held by the caller's flow, where the save enters again.
        db.Database.IsSqlite() ? SqliteTurnAsync(SqliteWriteGate.EnterAsync(db, ct)) : PostgresTurnAsync(db, districtCode, ct);

    private static async ValueTask<IAsyncDisposable> SqliteTurnAsync(ValueTask<IDisposable?> entering) => new Sqlite(await entering);

    private static async ValueTask<IAsyncDisposable> PostgresTurnAsync(WuyiDbContext db, string districtCode, CancellationToken ct)
    {
        var district = int.Parse(districtCode, System.Globalization.CultureInfo.InvariantCulture);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({TurnLockClass}, {district})", ct);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
        return new Postgres(db, district);
    }

    private sealed class Sqlite(IDisposable? turn) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            turn?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Postgres(WuyiDbContext db, int district) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({TurnLockClass}, {district})");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);

    public async Task<int> NextAsync(string districtCode, DateTimeOffset at, CancellationToken ct)
    {
        var prefix = CaseNumber.Prefix(districtCode, at);
        if (!_last.TryGetValue(prefix, out var last))
        {
            // Longest first: 2022-110108-10000 comes after 2022-110108-9999.
            var highest = await db.Applications.AsNoTracking()
                .Where(a => a.CaseNumber.StartsWith(prefix))
                .OrderByDescending(a => a.CaseNumber.Length).ThenByDescending(a => a.CaseNumber)
                .Select(a => a.CaseNumber).FirstOrDefaultAsync(ct);
            last = highest is null ? 0 : CaseNumber.SequenceOf(highest, prefix);
        }
        _last[prefix] = ++last;
        return last;
    }
}
