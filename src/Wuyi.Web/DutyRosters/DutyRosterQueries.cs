using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>An upload on record, for the roster page's history.</summary>
public sealed record DutyRosterUploadView(Guid Id, DateTime AtUtc, string ActorName, string? FileName, int Shifts, DateOnly FirstDate, DateOnly LastDate,
    int Days, int ReplacedShifts, int ReplacedDays);

/// <summary>A community's roster over a period: the summary, each checkpoint's, each day at each checkpoint with its gaps.</summary>
public sealed record DutyRosterView(Place Place, DateOnly From, DateOnly To, DutyRosterSummary Summary, IReadOnlyList<CheckpointSummary> Checkpoints,
    IReadOnlyList<RosterDay> Days, IReadOnlyList<DutyRosterUploadView> Uploads);

/// <summary>One community's line of the officials' list.</summary>
public sealed record CommunityRosterSummary(Place Place, DutyRosterSummary Summary);

/// <summary>Who was on duty at a checkpoint at an instant, per the roster (the shift and its upload).</summary>
public sealed record OnDuty(string Checkpoint, DateOnly Date, TimeOnly Start, TimeOnly End, string Person, DateTimeOffset From, DateTimeOffset To, Guid UploadId);

/// <summary>
/// Reads of the duty roster (值守排班), scoped to the actor's subtree inside each query (404 outside it), and reads for
/// the other parts of supervision that scope themselves: <see cref="GapDaysAsync"/> and <see cref="GapDaysUnderAsync"/>
/// (the district's scoring, the risk ranking) and <see cref="WhoWasOnDutyAsync"/> (an inspection compared with the roster).
/// </summary>
public sealed class DutyRosterQueries(WuyiDbContext db, TimeProvider time, DynamicQueries dynamic)
{
    /// <summary>The default period: the last 30 days, today included (近30天).</summary>
    public const int DefaultDays = 30;

    /// <summary>The programme's time zone, Asia/Shanghai (UTC+8 since 1992; a fixed +8 where the system has no zone data).</summary>
    public static readonly TimeZoneInfo Beijing = FindBeijing();

    private static TimeZoneInfo FindBeijing()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", ProgrammeClock.Offset, "北京时间", "北京时间");
        }
    }

    /// <summary>The community, if the actor's subtree holds it; else 404 (decision 0003).</summary>
    public static async Task RequireCommunityAsync(WuyiDbContext db, Actor actor, string code, CancellationToken ct)
    {
        if (!actor.Covers(code) || !await db.Divisions.AnyAsync(d => d.Code == code && d.Level == DivisionLevel.Community, ct))
            throw new NotFoundException("找不到该社区（村）");
    }

    /// <summary>The period asked for (a start alone: 30 days from it), or the last 30 days; refused when it ends before it starts or is too long.</summary>
    public (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to)
    {
        var today = ProgrammeClock.DateOf(time.GetUtcNow());
        var end = ProgrammeClock.InRange(to, "to") ?? (ProgrammeClock.InRange(from, "from") is { } f ? f.AddDays(DefaultDays - 1) : today); // a roster may be planned ahead
        var start = ProgrammeClock.InRange(from, "from") ?? end.AddDays(-(DefaultDays - 1));
        if (end < start) throw PeriodInvalid("结束日期早于开始日期", "to");
        if (end.DayNumber - start.DayNumber + 1 > DutyRosterCoverage.MaxDays)
            throw PeriodInvalid($"查询期间不能超过 {DutyRosterCoverage.MaxDays} 天", "from");
        return (start, end);
    }

    private static DomainException PeriodInvalid(string message, string field) =>
        DomainException.Invalid("duty-roster-period-invalid", message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A community's coverage over the period (default the last 30 days), with its recent uploads.</summary>
    public async Task<DutyRosterView> RosterAsync(Actor actor, string code, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.ReadDutyRoster);
        await RequireCommunityAsync(db, actor, code, ct);
        var (start, end) = Period(from, to);
        var shifts = await ShiftsOfAsync(db, [code], start, end, ct);
        var coverage = DutyRosterCoverage.Compute(shifts.GetValueOrDefault(code) ?? [], start, end, Beijing);
        var uploads = await db.DutyRosterUploads.AsNoTracking().Where(u => u.CommunityCode == code).OrderByDescending(u => u.AtUtc).Take(10)
            .Select(u => new DutyRosterUploadView(u.Id, u.AtUtc, u.ActorName, u.FileName, u.Shifts, u.FirstDate, u.LastDate, u.Days, u.ReplacedShifts, u.ReplacedDays))
            .ToListAsync(ct);
        var place = (await dynamic.PlacesAsync([code], ct))[code];
        return new DutyRosterView(place, start, end, coverage.Summary(), coverage.ByCheckpoint(), coverage.Days, uploads);
    }

    /// <summary>The shifts on record whose date is in the period, for the roster's export (the actor's community, else 404).</summary>
    public async Task<IAsyncEnumerable<DutyShiftRecord>> ShiftsAsync(Actor actor, string code, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.ReadDutyRoster);
        await RequireCommunityAsync(db, actor, code, ct);
        var (start, end) = Period(from, to);
        return db.DutyShifts.AsNoTracking().Where(s => s.CommunityCode == code && s.Date >= start && s.Date <= end)
            .OrderBy(s => s.Date).ThenBy(s => s.Checkpoint).ThenBy(s => s.Start).ThenBy(s => s.Id).AsAsyncEnumerable();
    }

    /// <summary>
    /// The communities below the actor (narrowed by <paramref name="within"/>), a page of them in code order, each with its
    /// roster's summary over the period.
    /// </summary>
    public async Task<Paged<CommunityRosterSummary>> SummariesAsync(Actor actor, string? within, DateOnly? from, DateOnly? to, int page, int pageSize, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.ReadDutyRoster);
        var (start, end) = Period(from, to);
        var scope = actor.Narrow(within);
        var q = db.Divisions.AsNoTracking().Under(d => d.Code, scope).Where(d => d.Level == DivisionLevel.Community);
        var size = Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var total = await q.CountAsync(ct);
        var codes = await q.OrderBy(d => d.Code).Skip((Math.Max(1, page) - 1) * size).Take(size).Select(d => d.Code).ToListAsync(ct);
        var summaries = await GapDaysAsync(db, codes, start, end, ct);
        var places = await dynamic.PlacesAsync(codes, ct);
        return new([.. codes.Select(c => new CommunityRosterSummary(places[c], summaries[c]))], Math.Max(1, page), size, total);
    }

    /// <summary>Every community below the actor with its summary, a chunk at a time, for the list's export.</summary>
    public async IAsyncEnumerable<CommunityRosterSummary> AllSummariesAsync(Actor actor, string? within, DateOnly start, DateOnly end,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var scope = actor.Narrow(within);
        var codes = await db.Divisions.AsNoTracking().Under(d => d.Code, scope).Where(d => d.Level == DivisionLevel.Community)
            .OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(ct);
        foreach (var chunk in codes.Chunk(500))
        {
            var summaries = await GapDaysAsync(db, chunk, start, end, ct);
            var places = await dynamic.PlacesAsync(chunk, ct);
            foreach (var c in chunk) yield return new CommunityRosterSummary(places[c], summaries[c]);
        }
    }

    /// <summary>
    /// For the district's scoring and the lists (a seam of issue 14): each community's roster over a period — days covered in full, days with
    /// a gap (<see cref="DutyRosterSummary.GapDays"/>), days with no roster at all (<see cref="DutyRosterSummary.NoRosterDays"/>),
    /// the longest gap. Every code asked for has an answer (a community without a roster: every day without one). The
    /// caller scopes the codes.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, DutyRosterSummary>> GapDaysAsync(WuyiDbContext db, IReadOnlyCollection<string> communityCodes,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        var shifts = await ShiftsOfAsync(db, communityCodes, from, to, ct);
        return communityCodes.Distinct().ToDictionary(c => c, c => Summary(shifts.GetValueOrDefault(c) ?? [], from, to), StringComparer.Ordinal);
    }

    /// <summary>
    /// The same summaries for the communities under the division code <paramref name="prefix"/> that have a shift reaching
    /// into the period; a community without one is absent. A city's risk list asks this for thousands of rostered communities
    /// on every request, so each answer is remembered (<see cref="RosterSummaries"/>) under the number of uploads its community
    /// has made: one small grouped query reads those numbers, and only a community that uploaded since (or is not remembered on
    /// this node) has its shifts read and its coverage computed again.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, DutyRosterSummary>> GapDaysUnderAsync(WuyiDbContext db, RosterSummaries remembered, string prefix,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        var uploads = await db.DutyRosterUploads.AsNoTracking().Under(u => u.CommunityCode, prefix)
            .GroupBy(u => u.CommunityCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var result = new Dictionary<string, DutyRosterSummary>(StringComparer.Ordinal);
        var stale = new List<(string Code, int Uploads)>();
        foreach (var u in uploads)
        {
            if (!remembered.TryGet(u.Code, from, to, u.Count, out var known)) stale.Add((u.Code, u.Count));
            else if (known is not null) result[u.Code] = known;
        }
        if (stale.Count == 0) return result;
        var shifts = await ShiftsOfAsync(db, stale.Select(s => s.Code).ToList(), from, to, ct);
        foreach (var (code, count) in stale)
        {
            var summary = shifts.TryGetValue(code, out var some) ? Summary(some, from, to) : null;
            remembered.Remember(code, from, to, count, summary);
            if (summary is not null) result[code] = summary;
        }
        return result;
    }

    private static DutyRosterSummary Summary(IReadOnlyList<DutyShift> shifts, DateOnly from, DateOnly to) =>
        DutyRosterCoverage.Compute(shifts, from, to, Beijing).Summary();

    /// <summary>
    /// For an inspection (a seam of issue 14): who the roster says was on duty at <paramref name="checkpoint"/> (matched
    /// without spaces; null: every checkpoint) of the community at <paramref name="instant"/>. Empty when nobody was. The
    /// caller scopes the community.
    /// </summary>
    public static async Task<IReadOnlyList<OnDuty>> WhoWasOnDutyAsync(WuyiDbContext db, string communityCode, string? checkpoint, DateTimeOffset instant,
        CancellationToken ct)
    {
        if (checkpoint is null) return await OnDutyAtAsync(db, communityCode, instant, ct);
        return [.. (await WhoWasOnDutyByCheckpointAsync(db, communityCode, instant, ct))[DutyRosterRules.Normalize(checkpoint)]];
    }

    /// <summary>
    /// Who the roster says was on duty at each checkpoint of the community at <paramref name="instant"/>, in one query, keyed
    /// by the checkpoint's name without spaces (<see cref="DutyRosterRules.Normalize"/>): a checkpoint nobody held has no
    /// entries. The caller scopes the community.
    /// </summary>
    public static async Task<ILookup<string, OnDuty>> WhoWasOnDutyByCheckpointAsync(WuyiDbContext db, string communityCode, DateTimeOffset instant,
        CancellationToken ct) =>
        (await OnDutyAtAsync(db, communityCode, instant, ct)).ToLookup(d => DutyRosterRules.Normalize(d.Checkpoint), StringComparer.Ordinal);

    /// <summary>The community's shifts that cover the instant, at every checkpoint (a shift over midnight from the day before included), in Beijing time.</summary>
    private static async Task<IReadOnlyList<OnDuty>> OnDutyAtAsync(WuyiDbContext db, string communityCode, DateTimeOffset instant, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Beijing).DateTime);
        var rows = await db.DutyShifts.AsNoTracking()
            .Where(s => s.CommunityCode == communityCode && s.Date >= day.AddDays(-1) && s.Date <= day).ToListAsync(ct);
        return
        [
            .. rows
                .Select(s =>
                {
                    var (a, b) = s.ToShift().Local;
                    return new OnDuty(s.Checkpoint, s.Date, s.Start, s.End, s.Person,
                        TimeZoneInfo.ConvertTime(DutyRosterCoverage.Instant(a, Beijing), Beijing), TimeZoneInfo.ConvertTime(DutyRosterCoverage.Instant(b, Beijing), Beijing), s.UploadId);
                })
                .Where(d => d.From <= instant && instant < d.To)
                .OrderBy(d => d.Checkpoint, StringComparer.Ordinal).ThenBy(d => d.From),
        ];
    }

    /// <summary>The shifts that may reach into the period (from the day before it), by community.</summary>
    private static async Task<Dictionary<string, List<DutyShift>>> ShiftsOfAsync(WuyiDbContext db, IReadOnlyCollection<string> codes, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var result = new Dictionary<string, List<DutyShift>>(StringComparer.Ordinal);
        foreach (var chunk in codes.Distinct().Chunk(500))
            await ShiftsIntoAsync(result, db.DutyShifts.Where(s => chunk.Contains(s.CommunityCode)), from, to, ct);
        return result;
    }

    /// <summary>The shifts of <paramref name="rows"/> that may reach into the period (from the day before it), added by community.</summary>
    private static async Task ShiftsIntoAsync(Dictionary<string, List<DutyShift>> result, IQueryable<DutyShiftRecord> rows, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var first = from.AddDays(-1);
        var shifts = await rows.AsNoTracking().Where(s => s.Date >= first && s.Date <= to)
            .Select(s => new { s.CommunityCode, s.Checkpoint, s.Date, s.Start, s.End, s.Person }).ToListAsync(ct);
        foreach (var s in shifts)
            (result.TryGetValue(s.CommunityCode, out var list) ? list : result[s.CommunityCode] = []).Add(new DutyShift(s.Checkpoint, s.Date, s.Start, s.End, s.Person));
    }
}

/// <summary>
/// Coverage summaries remembered by this app (a singleton), each under the number of uploads its community had made when it was
/// computed. A roster changes only by an upload, and every upload is a new row, so a summary is never used after its community
/// uploaded again, whichever node took the upload. <c>null</c> remembers "no shift in the period".
/// </summary>
public sealed class RosterSummaries
{
    private sealed record Entry(int Uploads, DutyRosterSummary? Summary);

    /// <summary>Past this many, everything is forgotten at once (a new day makes yesterday's periods useless anyway).</summary>
    private const int MaxEntries = 200_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, DateOnly From, DateOnly To), Entry> known = new();

    public bool TryGet(string code, DateOnly from, DateOnly to, int uploads, out DutyRosterSummary? summary)
    {
        summary = null;
        if (!known.TryGetValue((code, from, to), out var e) || e.Uploads != uploads) return false;
        summary = e.Summary;
        return true;
    }

    public void Remember(string code, DateOnly from, DateOnly to, int uploads, DutyRosterSummary? summary)
    {
        if (known.Count >= MaxEntries) known.Clear();
        known[(code, from, to)] = new Entry(uploads, summary);
    }
}
