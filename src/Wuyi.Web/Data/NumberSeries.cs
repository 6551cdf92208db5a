using Microsoft.EntityFrameworkCore;

namespace Wuyi.Web.Data;

/// <summary>
/// A series of numbers people quote, each a prefix per district and year followed by a sequence (办件编号 2022-110108-0042,
/// 证书编号 京无疫证〔2022〕0108-0001): the next is one after the highest on record, read and committed in the district's
/// numbering turn, and a unique index on the column has the last word (decisions 0008 and 0012). No counter table.
/// </summary>
/// <param name="lockClass">The series' own space of PostgreSQL advisory locks (the first of the two numbers).</param>
/// <param name="numbers">The series' column, e.g. <c>db =&gt; db.Applications.Select(a =&gt; a.CaseNumber)</c>.</param>
public sealed class NumberSeries(int lockClass, Func<WuyiDbContext, IQueryable<string>> numbers)
{
    /// <summary>
    /// The district's turn to number, from reading the highest number to committing the new one: otherwise a burst of one
    /// district all read the same highest number, one wins and the rest are refused by the index and start again.
    /// PostgreSQL: a session advisory lock <c>(lockClass, district)</c> on the context's connection (held across its
    /// transaction; released at the end, or by the pool's reset if the connection is dropped); SQLite: the process's write
    /// turn (<see cref="SqliteWriteGate"/>).
    /// </summary>
    public ValueTask<IAsyncDisposable> TurnAsync(WuyiDbContext db, string districtCode, CancellationToken ct) =>
        // Not an async method on SQLite's path: the turn it enters must be known as held by the caller's flow, where the save enters again.
        db.Database.IsSqlite() ? SqliteTurnAsync(SqliteWriteGate.EnterAsync(db, ct)) : PostgresTurnAsync(db, [districtCode], ct);

    /// <summary>
    /// The turns of several districts at once (a publication numbers every district in it), taken in code order so that two
    /// such callers never wait for each other crosswise.
    /// </summary>
    public ValueTask<IAsyncDisposable> TurnsAsync(WuyiDbContext db, IEnumerable<string> districtCodes, CancellationToken ct) =>
        db.Database.IsSqlite()
            ? SqliteTurnAsync(SqliteWriteGate.EnterAsync(db, ct))
            : PostgresTurnAsync(db, districtCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), ct);

    /// <summary>The highest number with the prefix on record, or null. Longest first: …-10000 comes after …-9999.</summary>
    public Task<string?> HighestAsync(WuyiDbContext db, string prefix, CancellationToken ct) =>
        numbers(db).AsNoTracking()
            .Where(n => n.StartsWith(prefix))
            .OrderByDescending(n => n.Length).ThenByDescending(n => n)
            .Select(n => (string?)n).FirstOrDefaultAsync(ct);

    private static async ValueTask<IAsyncDisposable> SqliteTurnAsync(ValueTask<IDisposable?> entering) => new Sqlite(await entering);

    private async ValueTask<IAsyncDisposable> PostgresTurnAsync(WuyiDbContext db, IReadOnlyList<string> districtCodes, CancellationToken ct)
    {
        var held = new Postgres(db, lockClass);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var code in districtCodes)
            {
                var district = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({lockClass}, {district})", ct);
                held.Districts.Add(district);
            }
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
        return held;
    }

    private sealed class Sqlite(IDisposable? turn) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            turn?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Postgres(WuyiDbContext db, int lockClass) : IAsyncDisposable
    {
        public List<int> Districts { get; } = [];

        public async ValueTask DisposeAsync()
        {
            try
            {
                for (var i = Districts.Count - 1; i >= 0; i--)
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({lockClass}, {Districts[i]})");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
