using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Dashboards;

/// <summary>
/// What a transaction changed that the dashboards sum: the streets whose figures it moved, by section (where more than
/// <see cref="WideThreshold"/> streets of a province moved, the whole province is recounted at once). Collected from the change tracker at each save,
/// and from writers that bypass it (the 12345 import's bulk writes); kept until the transaction commits.
/// </summary>
public sealed class PendingFigures
{
    /// <summary>More streets than this in one province are recounted as one pass over the province.</summary>
    public const int WideThreshold = 40;

    public Dictionary<string, FigureSections> Streets { get; } = new(StringComparer.Ordinal);
    public Dictionary<Guid, FigureSections> Applications { get; } = [];

    public bool IsEmpty => Streets.Count == 0 && Applications.Count == 0;

    public void Community(string? code, FigureSections sections)
    {
        if (code is null || code.Length < 9) return;
        Streets[code[..9]] = Streets.GetValueOrDefault(code[..9]) | sections;
    }

    /// <summary>
    /// The recount's differences for the districts, provinces and the country, written last (<see cref="FigureStore.RollupAsync"/>):
    /// every submit of a province moves the same province and country rows, so their locks are held for as short a time as can be.
    /// </summary>
    public FigureSet Rollup { get; private set; } = new();

    /// <summary>The rollup went out with the audit record (<see cref="FigureStore.TakeRollupStatement"/>): nothing is left to write.</summary>
    public void RollupWritten() => Rollup = new();

    public void Clear()
    {
        Streets.Clear();
        Applications.Clear();
        Rollup = new();
    }

    /// <summary>What the tracked changes about to be saved move; whether they move any figure.</summary>
    public bool Collect(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker)
    {
        var moves = false;
        Dictionary<Guid, string>? tracked = null;
        foreach (var e in tracker.Entries())
        {
            if (e.State is EntityState.Unchanged or EntityState.Detached) continue;
            switch (e.Entity)
            {
                case Application a when a.SubmittedAtUtc is not null
                        || (e.State == EntityState.Modified && e.Property(nameof(Application.SubmittedAtUtc)).OriginalValue is not null):
                    Community(a.CommunityCode, FigureSections.Indicators); // a draft counts nowhere until it is submitted
                    break;
                case ApplicationTransition t when FigureCounter.CountedSteps.Contains(t.Action): // a draft's creation or a return moves no figure
                    tracked ??= tracker.Entries<Application>().ToDictionary(x => x.Entity.Id, x => x.Entity.CommunityCode);
                    if (tracked.TryGetValue(t.ApplicationId, out var code)) Community(code, FigureSections.Funnel | FigureSections.Progress);
                    else Applications[t.ApplicationId] = FigureSections.Funnel | FigureSections.Progress;
                    break;
                case Certification c:
                    Community(c.CommunityCode, FigureSections.Funnel | FigureSections.Progress | FigureSections.Batches);
                    break;
                case ProgrammeEvent p when p.Kind == ProgrammeEventKind.TitleRevoked:
                    Community(p.CommunityCode, FigureSections.Progress);
                    break;
                case RectificationTask r:
                    Community(r.CommunityCode, FigureSections.Funnel);
                    break;
                case ReEvaluation r:
                    Community(r.CommunityCode, FigureSections.ReEvaluations);
                    break;
                case Veto v:
                    Community(v.CommunityCode, FigureSections.Vetoes);
                    break;
                case HotlineComplaintRecord h:
                    Community(h.CommunityCode, FigureSections.Hotline);
                    if (e.State == EntityState.Modified) Community(e.Property(nameof(HotlineComplaintRecord.CommunityCode)).OriginalValue as string, FigureSections.Hotline);
                    break;
                case Division d when d.Level == DivisionLevel.Community:
                    Community(d.Code, FigureSections.Funnel);
                    break;
                default:
                    continue;
            }
            moves = true;
        }
        return moves;
    }
}

/// <summary>
/// The dashboards' summaries (统计汇总, decision 0010): each street's figures are recounted from its records by
/// <see cref="FigureCounter"/> in the transaction that changed them, and the difference moves its district, its
/// province and the country, so a dashboard reads a few rows and is never staler than the records it sums.
/// </summary>
public static class FigureStore
{
    /// <summary>The definition of the figures: a change to what they count is a new number, and the next start rebuilds them.</summary>
    public const int Definition = 1;

    // Advisory locks (PostgreSQL): a province exclusively to recount it whole, shared to recount some of its streets, and each
    // such street exclusively — so two nodes never recount the same street from snapshots that miss each other's commit.
    private const long ProvinceLock = 7_273_690_000L;
    private const long StreetLock = 8_000_000_000L;
    private const long BuildLock = 727_368_002L;

    private static readonly string[] Columns = ["V0", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9"];

    /// <summary>Recounts what <paramref name="pending"/> names, in the caller's transaction, just before it commits.</summary>
    public static async Task RefreshAsync(WuyiDbContext db, PendingFigures pending, CancellationToken ct)
    {
        if (pending.IsEmpty) return;
        var scales = db.AppService<ScaleCatalog>();
        var time = db.AppService<TimeProvider>();
        if (scales is null || time is null)
        {
            // A context outside the app (a tool, a test's setup) cannot recount: the summaries are marked stale, and the next start rebuilds them.
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"DashboardFigures\" WHERE \"Unit\" = '' AND \"Key\" = '{FigureKeys.Built}'", ct);
            return;
        }

        if (pending.Applications.Count > 0)
        {
            var ids = pending.Applications.Keys.ToList();
            var codes = await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.CommunityCode }).ToListAsync(ct);
            foreach (var a in codes) pending.Community(a.CommunityCode, pending.Applications[a.Id]);
        }

        var wide = new Dictionary<string, FigureSections>(StringComparer.Ordinal);
        foreach (var province in pending.Streets.GroupBy(s => s.Key[..2]).Where(g => g.Count() > PendingFigures.WideThreshold))
            wide[province.Key] = wide.GetValueOrDefault(province.Key) | province.Aggregate(FigureSections.None, (a, s) => a | s.Value);
        var streets = pending.Streets
            .Select(s => (Street: s.Key, Sections: s.Value & ~wide.GetValueOrDefault(s.Key[..2])))
            .Where(s => s.Sections != FigureSections.None).OrderBy(s => s.Street, StringComparer.Ordinal).ToList();
        var hotline = wide.Where(w => w.Value.HasFlag(FigureSections.Hotline)).Select(w => w.Key)
            .Concat(streets.Where(s => s.Sections.HasFlag(FigureSections.Hotline)).Select(s => s.Street[..2]))
            .ToHashSet(StringComparer.Ordinal);

        if (!db.Database.IsSqlite()) // SQLite: the transaction already holds the database's one write lock
        {
            var sql = new StringBuilder();
            foreach (var p in wide.Keys.Concat(hotline).Concat(streets.Select(s => s.Street[..2])).Distinct().Order(StringComparer.Ordinal))
                sql.Append(CultureInfo.InvariantCulture, $"SELECT {(wide.ContainsKey(p) || hotline.Contains(p) ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared")}({ProvinceLock + long.Parse(p, CultureInfo.InvariantCulture)});");
            foreach (var (street, _) in streets)
                sql.Append(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({StreetLock + long.Parse(street, CultureInfo.InvariantCulture)});");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), ct);
        }

        // A province's 12345 window moves with its newest complaint: then every street of it is recounted.
        var windows = new Dictionary<string, HotlineWindow>(StringComparer.Ordinal);
        foreach (var p in hotline)
        {
            var window = await WindowOfRecordsAsync(db, scales, time, p, ct);
            windows[p] = window;
            var stored = await db.DashboardFigures.AsNoTracking().Where(f => f.Unit == p && f.Key == FigureKeys.HotlineAsOf).Select(f => (long?)f.V0).FirstOrDefaultAsync(ct);
            if (stored != window.End.DayNumber)
            {
                wide[p] = wide.GetValueOrDefault(p) | FigureSections.Hotline;
                await SetAsync(db, [(p, FigureKeys.HotlineAsOf, [window.End.DayNumber])], add: false, ct);
            }
        }
        streets = [.. streets.Select(s => (s.Street, Sections: s.Sections & ~wide.GetValueOrDefault(s.Street[..2]))).Where(s => s.Sections != FigureSections.None)];

        var counter = new FigureCounter(db, scales);
        var fresh = new FigureSet();
        var old = new FigureSet();
        foreach (var (p, sections) in wide.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            Merge(fresh, await counter.CountAsync(p, 9, sections, windows.GetValueOrDefault(p), ct));
            var rows = await db.DashboardFigures.AsNoTracking().Under(f => f.Unit, p).Where(f => f.Unit.Length == 9).ToListAsync(ct);
            foreach (var f in rows.Where(f => (FigureKeys.SectionOf(f.Key) & sections) != 0)) old.Add(f.Unit, f.Key, f.Values());
        }
        foreach (var (street, sections) in streets)
        {
            var window = sections.HasFlag(FigureSections.Hotline) ? windows[street[..2]] : null;
            Merge(fresh, await counter.CountAsync(street, 9, sections, window, ct));
            var rows = await db.DashboardFigures.AsNoTracking().Where(f => f.Unit == street).ToListAsync(ct);
            foreach (var f in rows.Where(f => (FigureKeys.SectionOf(f.Key) & sections) != 0)) old.Add(f.Unit, f.Key, f.Values());
        }
        Merge(pending.Rollup, await ApplyAsync(db, fresh, old, ct));
    }

    /// <summary>
    /// Adds the recount's differences to the districts', provinces' and country's rows, as the transaction's very last write
    /// (after its audit record, whose chain lock already queues the commits): a row every submit of the province shares is
    /// then locked only from here to the commit. Measured on PostgreSQL, before this the submits queued on those rows
    /// (wait event <c>Lock:transactionid</c> on this upsert) while each holder waited for the chain lock in turn.
    /// </summary>
    public static Task RollupAsync(WuyiDbContext db, PendingFigures pending, CancellationToken ct) =>
        pending.Rollup.Count == 0 ? Task.CompletedTask : SetAsync(db, NonZero(pending.Rollup), add: true, ct); // cleared when the transaction ends

    /// <summary>
    /// Writes the streets' recounted figures where they changed, and returns the difference their district, province and the
    /// country move by (written last, <see cref="RollupAsync"/>). Rows are written in key order, so that two transactions
    /// take the same rows' locks in the same order.
    /// </summary>
    private static async Task<FigureSet> ApplyAsync(WuyiDbContext db, FigureSet fresh, FigureSet old, CancellationToken ct)
    {
        var set = new List<(string, string, long[])>();
        var gone = new List<(string, string)>();
        var up = new FigureSet();
        foreach (var ((unit, key), values) in fresh.Rows)
        {
            var before = old.Get(unit, key) ?? new long[FigureKeys.Width];
            var delta = values.Select((v, i) => v - before[i]).ToArray();
            if (delta.All(d => d == 0)) continue;
            if (values.All(v => v == 0)) gone.Add((unit, key));
            else set.Add((unit, key, values));
            Rollup(up, unit, key, delta);
        }
        foreach (var ((unit, key), values) in old.Rows)
        {
            if (fresh.Get(unit, key) is not null) continue;
            gone.Add((unit, key));
            Rollup(up, unit, key, values.Select(v => -v).ToArray());
        }
        await SetAsync(db, set, add: false, ct);
        foreach (var chunk in gone.Chunk(200))
        {
            var sql = new StringBuilder("DELETE FROM \"DashboardFigures\" WHERE ");
            var parameters = new List<object>();
            for (var i = 0; i < chunk.Length; i++)
            {
                if (i > 0) sql.Append(" OR ");
                sql.Append(CultureInfo.InvariantCulture, $"(\"Unit\" = {{{parameters.Count}}} AND \"Key\" = {{{parameters.Count + 1}}})");
                parameters.Add(chunk[i].Item1);
                parameters.Add(chunk[i].Item2);
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }
        return up;
    }

    private static List<(string Unit, string Key, long[] Values)> NonZero(FigureSet figures) =>
        [.. figures.Rows.Where(r => r.Value.Any(v => v != 0)).Select(r => (r.Key.Unit, r.Key.Key, r.Value))];

    private static void Rollup(FigureSet up, string street, string key, long[] delta)
    {
        up.Add(street[..6], key, delta);
        up.Add(street[..2], key, delta);
        up.Add("", key, delta);
    }

    private static void Merge(FigureSet into, FigureSet from)
    {
        foreach (var ((unit, key), values) in from.Rows) into.Add(unit, key, values);
    }

    /// <summary>Upserts rows: their values replace (<paramref name="add"/> false) or are added to the stored ones.</summary>
    private static async Task SetAsync(WuyiDbContext db, IReadOnlyCollection<(string Unit, string Key, long[] Values)> rows, bool add, CancellationToken ct)
    {
        var ordered = rows.OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        foreach (var chunk in ordered.Chunk(UpsertRows))
        {
            var (sql, parameters) = Upsert(chunk, add, first: 0);
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }

    private const int UpsertRows = 400;

    /// <summary>
    /// The rollup as one statement (parameters numbered from <paramref name="first"/>) for the audit record to send with its own
    /// insert, and no longer pending; null when nothing moved or it needs more than one statement (then <see cref="RollupAsync"/> writes it).
    /// </summary>
    public static (string Sql, IReadOnlyList<object> Parameters)? TakeRollupStatement(PendingFigures pending, int first)
    {
        var rows = NonZero(pending.Rollup);
        if (rows.Count == 0 || rows.Count > UpsertRows) return null;
        pending.RollupWritten();
        return Upsert([.. rows.OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal)], add: true, first);
    }

    private static (string Sql, List<object> Parameters) Upsert((string Unit, string Key, long[] Values)[] rows, bool add, int first)
    {
        var sql = new StringBuilder($"INSERT INTO \"DashboardFigures\" (\"Unit\", \"Key\", {string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ");
        var parameters = new List<object>();
        for (var i = 0; i < rows.Length; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append(CultureInfo.InvariantCulture, $"({{{first + parameters.Count}}}, {{{first + parameters.Count + 1}}}");
            parameters.Add(rows[i].Unit);
            parameters.Add(rows[i].Key);
            // The numbers are written into the statement: a submit moves about 70 rows, and ten parameters for each (bound,
            // type-mapped and allocated one by one) were a fifth of the memory a submission allocated.
            for (var v = 0; v < FigureKeys.Width; v++)
                sql.Append(CultureInfo.InvariantCulture, $", {(v < rows[i].Values.Length ? rows[i].Values[v] : 0L)}");
            sql.Append(')');
        }
        var assign = string.Join(", ", Columns.Select(c => add ? $"\"{c}\" = \"DashboardFigures\".\"{c}\" + excluded.\"{c}\"" : $"\"{c}\" = excluded.\"{c}\""));
        sql.Append($" ON CONFLICT (\"Unit\", \"Key\") DO UPDATE SET {assign};");
        return (sql.ToString(), parameters);
    }

    /// <summary>A province's 12345 window from the records: ending on its newest complaint's day, never after today.</summary>
    public static async Task<HotlineWindow> WindowOfRecordsAsync(WuyiDbContext db, ScaleCatalog scales, TimeProvider time, string province, CancellationToken ct)
    {
        var newest = await db.HotlineComplaints.AsNoTracking().Under(c => c.CommunityCode, province)
            .MaxAsync(c => (DateTime?)c.ReceivedAtUtc, ct);
        var today = ProgrammeClock.DateOf(time.GetUtcNow());
        var end = newest is { } n ? ProgrammeClock.DateOf(ProgrammeClock.FromUtc(n)) : today;
        if (end > today) end = today;
        return new HotlineWindow(end, (await scales.InForceAsync(db, end, ct)).Hotline);
    }

    /// <summary>The window the stored figures of a province were counted in (today's, for a province without complaints).</summary>
    public static async Task<HotlineWindow> WindowAsync(WuyiDbContext db, ScaleCatalog scales, TimeProvider time, string province, CancellationToken ct)
    {
        var stored = await db.DashboardFigures.AsNoTracking().Where(f => f.Unit == province && f.Key == FigureKeys.HotlineAsOf).Select(f => (long?)f.V0).FirstOrDefaultAsync(ct);
        var end = stored is { } d ? DateOnly.FromDayNumber((int)d) : ProgrammeClock.DateOf(time.GetUtcNow());
        return new HotlineWindow(end, (await scales.InForceAsync(db, end, ct)).Hotline);
    }

    /// <summary>
    /// Builds every summary from the records (the first start after the migration, a changed <see cref="Definition"/>,
    /// records written around the app), in one transaction; other nodes starting at the same time wait and find it built.
    /// </summary>
    public static async Task RebuildAsync(WuyiDbContext db, CancellationToken ct, bool onlyIfStale = false)
    {
        var scales = db.AppService<ScaleCatalog>() ?? throw new InvalidOperationException("ScaleCatalog missing");
        var time = db.AppService<TimeProvider>() ?? TimeProvider.System;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({BuildLock})", ct);
            if (onlyIfStale && await BuiltAsync(db, ct)) return;
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"DashboardFigures\"", ct);
            var provinces = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Province).Select(d => d.Code).OrderBy(c => c).ToListAsync(ct);
            var counter = new FigureCounter(db, scales);
            var up = new FigureSet();
            foreach (var p in provinces)
            {
                var window = await WindowOfRecordsAsync(db, scales, time, p, ct);
                var streets = await counter.CountAsync(p, 9, FigureSections.All, window, ct);
                var rows = streets.Rows.Where(r => r.Value.Any(v => v != 0)).Select(r => (r.Key.Unit, r.Key.Key, r.Value)).ToList();
                foreach (var (unit, key, values) in rows) Rollup(up, unit, key, values);
                if (await db.HotlineComplaints.Under(c => c.CommunityCode, p).AnyAsync(ct)) // as a refresh keeps it: once complaints came
                    rows.Add((p, FigureKeys.HotlineAsOf, [window.End.DayNumber]));
                await SetAsync(db, rows, add: false, ct);
            }
            await SetAsync(db, NonZero(up), add: false, ct);
            await SetAsync(db, [("", FigureKeys.Built, [Definition])], add: false, ct);
            await tx.CommitAsync(ct);
        });
    }

    /// <summary>Whether the summaries were built from the records by this <see cref="Definition"/>.</summary>
    public static async Task<bool> BuiltAsync(WuyiDbContext db, CancellationToken ct) =>
        await db.DashboardFigures.AsNoTracking().AnyAsync(f => f.Unit == "" && f.Key == FigureKeys.Built && f.V0 == Definition, ct);
}
