using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

public sealed record ComplaintView(string Number, Place Place, DateTime ReceivedAtUtc, bool EpidemicRelated, DateTime ResponseDeadlineUtc,
    DateTime? RespondedAtUtc, FollowUpResult FollowUp, string FollowUpName, bool AnsweredLate, DateTime ImportedAtUtc);

/// <summary>A unit's 12345 record in a period: its epidemic complaints, late answers and dissatisfied follow-ups.</summary>
public sealed record AppraisalRow(string Code, string Name, int Complaints, int Epidemic, int EpidemicLate, int EpidemicDissatisfied, int Unanswered);

/// <summary>接诉即办: the units below a node (a street's communities, a district's streets, the city's districts).</summary>
public sealed record Appraisal(DivisionRef Unit, string UnitLevel, DateOnly From, DateOnly To, IReadOnlyList<AppraisalRow> Rows, AppraisalRow Total);

public sealed record ImportView(Guid Id, DateTime AtUtc, string ActorName, string ActorDivisionCode, ImportSource Source, string? FileName, string? Sha256,
    int Rows, int Inserted, int Updated, int Unchanged, int Rejected, bool SkipInvalid, int ReEvaluationsQueued, IReadOnlyList<Rejection> Rejections,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    ImportCommunities? Communities = null);

/// <summary>
/// A community an import touched: its complaints in the import, how many of them are epidemic complaints, and its 12345
/// deduction (扣分) before and after the import (null for imports made before deductions were kept).
/// </summary>
public sealed record ImportCommunity(Place Place, int Complaints, int Epidemic, decimal? DeductionBefore, decimal? DeductionAfter)
{
    public bool DeductionChanged => DeductionBefore != DeductionAfter;
}

/// <summary>
/// The communities an import touched, those whose deduction it changed first; at most <see cref="HotlineQueries.MaxImportCommunities"/>
/// (<see cref="Capped"/> when there are more). <see cref="DeductionsChanged"/> counts all of them, null when not known.
/// </summary>
public sealed record ImportCommunities(IReadOnlyList<ImportCommunity> Rows, int? DeductionsChanged, bool Capped);

/// <summary>Read models of the 12345 hotline, scoped by the actor's division code like everything else.</summary>
public sealed class HotlineQueries(WuyiDbContext db, DynamicQueries places, TimeProvider time)
{
    /// <summary>
    /// The period shown by default: the 30 days (the engine's look-back) ending on the day of the newest complaint on
    /// record in the unit — data imported in arrears is seen at once — or ending today when the unit has none.
    /// </summary>
    public async Task<(DateOnly From, DateOnly To)> DefaultPeriodAsync(string unit, CancellationToken ct)
    {
        var newest = await db.HotlineComplaints.AsNoTracking().Under(c => c.CommunityCode, unit)
            .MaxAsync(c => (DateTime?)c.ReceivedAtUtc, ct);
        var today = ProgrammeClock.DateOf(time.GetUtcNow());
        var end = newest is { } n ? ProgrammeClock.DateOf(ProgrammeClock.FromUtc(n)) : today;
        if (end > today) end = today;
        return (end.AddDays(-29), end);
    }

    public async Task<Appraisal> AppraisalAsync(Actor actor, string? within, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var unit = actor.Narrow(within);
        if (DivisionCode.LevelOf(unit) is not { } level || level == DivisionLevel.Community)
            throw new Infrastructure.NotFoundException("请选择区、街道（乡镇）或全市查看接诉即办情况");
        var (start, end) = (ProgrammeClock.InRange(from, "from"), ProgrammeClock.InRange(to, "to")) is ({ } f, { } t)
            ? (f, t)
            : await DefaultPeriodAsync(unit, ct) is var (df, dt) ? (ProgrammeClock.InRange(from, "from") ?? df, ProgrammeClock.InRange(to, "to") ?? dt) : default;
        if (end < start) (start, end) = (end, start);
        var childLength = level switch { DivisionLevel.Street => 12, DivisionLevel.District => 9, _ => 6 };
        var childLevel = level switch { DivisionLevel.Street => DivisionLevel.Community, DivisionLevel.District => DivisionLevel.Street, _ => DivisionLevel.District };

        var fromUtc = ProgrammeClock.StartOf(start).UtcDateTime;
        var toUtc = ProgrammeClock.StartOf(end.AddDays(1)).UtcDateTime;
        var now = time.GetUtcNow().UtcDateTime;
        var counts = await db.HotlineComplaints.AsNoTracking()
            .Under(c => c.CommunityCode, unit).Where(c => c.ReceivedAtUtc >= fromUtc && c.ReceivedAtUtc < toUtc)
            .GroupBy(c => c.CommunityCode.Substring(0, childLength))
            .Select(g => new
            {
                Code = g.Key,
                Complaints = g.Count(),
                Epidemic = g.Count(c => c.EpidemicRelated),
                Late = g.Count(c => c.EpidemicRelated && (c.RespondedAtUtc != null ? c.RespondedAtUtc > c.ResponseDeadlineUtc : c.ResponseDeadlineUtc < now)),
                Dissatisfied = g.Count(c => c.EpidemicRelated && c.FollowUp == FollowUpResult.Dissatisfied),
                Unanswered = g.Count(c => c.RespondedAtUtc == null),
            })
            .ToDictionaryAsync(x => x.Code, ct);
        var units = await db.Divisions.AsNoTracking().Where(d => d.ParentCode == unit || (childLevel == DivisionLevel.District && d.Level == DivisionLevel.District && d.Code.StartsWith(unit)))
            .Where(d => d.Level == childLevel)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        var rows = units.Select(u => counts.TryGetValue(u.Code, out var c)
            ? new AppraisalRow(u.Code, u.Name, c.Complaints, c.Epidemic, c.Late, c.Dissatisfied, c.Unanswered)
            : new AppraisalRow(u.Code, u.Name, 0, 0, 0, 0, 0)).ToList();
        var total = new AppraisalRow(unit, "合计", rows.Sum(r => r.Complaints), rows.Sum(r => r.Epidemic), rows.Sum(r => r.EpidemicLate),
            rows.Sum(r => r.EpidemicDissatisfied), rows.Sum(r => r.Unanswered));
        var name = await db.Divisions.AsNoTracking().Where(d => d.Code == unit).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? unit;
        return new Appraisal(new DivisionRef(unit, name), level switch { DivisionLevel.Street => "社区（村）", DivisionLevel.District => "街道（乡镇）", _ => "区" },
            start, end, rows, total);
    }

    public async Task<Paged<ComplaintView>> ComplaintsAsync(Actor actor, string? within, bool epidemicOnly, DateOnly? from, DateOnly? to, int page, int pageSize, CancellationToken ct,
        Guid? import = null)
    {
        var q = Complaints(actor, within, epidemicOnly, from, to, import);
        var size = Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var number = Math.Max(1, page);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(c => c.ReceivedAtUtc).ThenBy(c => c.Number).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var where = await places.PlacesAsync(items.Select(c => c.CommunityCode), ct);
        var now = time.GetUtcNow();
        return new(items.Select(c => new ComplaintView(c.Number, where[c.CommunityCode], c.ReceivedAtUtc, c.EpidemicRelated, c.ResponseDeadlineUtc,
            c.RespondedAtUtc, c.FollowUp, FollowUpName(c.FollowUp), c.ToFact().AnsweredLate(now), c.ImportedAtUtc)).ToList(), number, size, total);
    }

    /// <summary>The same complaints as the list, in its order, with their places joined, streamed as they are read (the export).</summary>
    public async IAsyncEnumerable<ComplaintView> StreamComplaintsAsync(Actor actor, string? within, bool epidemicOnly, DateOnly? from, DateOnly? to, Guid? import,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var rows = from c in Complaints(actor, within, epidemicOnly, @from, to, import)
                   join v in db.Divisions on c.CommunityCode equals v.Code
                   join s in db.Divisions on v.ParentCode equals s.Code
                   join d in db.Divisions on s.ParentCode equals d.Code
                   orderby c.ReceivedAtUtc descending, c.Number
                   select new { c, V = v.Name, S = s.Name, SCode = s.Code, D = d.Name, DCode = d.Code };
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var c = r.c;
            yield return new ComplaintView(c.Number, new Place(new DivisionRef(c.CommunityCode, r.V), new DivisionRef(r.SCode, r.S), new DivisionRef(r.DCode, r.D)),
                c.ReceivedAtUtc, c.EpidemicRelated, c.ResponseDeadlineUtc, c.RespondedAtUtc, c.FollowUp, FollowUpName(c.FollowUp), c.ToFact().AnsweredLate(now), c.ImportedAtUtc);
        }
    }

    private IQueryable<HotlineComplaintRecord> Complaints(Actor actor, string? within, bool epidemicOnly, DateOnly? from, DateOnly? to, Guid? import)
    {
        var unit = actor.Narrow(within);
        var q = db.HotlineComplaints.AsNoTracking().Under(c => c.CommunityCode, unit);
        if (import is { } importId) q = q.Where(c => c.ImportId == importId); // the complaints an import added or last changed
        if (epidemicOnly) q = q.Where(c => c.EpidemicRelated);
        if (ProgrammeClock.InRange(from, "from") is { } f)
        {
            var fromUtc = ProgrammeClock.StartOf(f).UtcDateTime;
            q = q.Where(c => c.ReceivedAtUtc >= fromUtc);
        }
        if (ProgrammeClock.InRange(to, "to") is { } t)
        {
            var toUtc = ProgrammeClock.StartOf(t.AddDays(1)).UtcDateTime;
            q = q.Where(c => c.ReceivedAtUtc < toUtc);
        }
        return q;
    }

    /// <summary>Imports made by accounts at or below the actor's node, and city-wide ones above it, newest first.</summary>
    public async Task<Paged<ImportView>> ImportsAsync(Actor actor, int page, int pageSize, CancellationToken ct)
    {
        var scope = actor.DivisionCode;
        var above = Enumerable.Range(1, scope.Length).Select(n => scope[..n]).ToList();
        var q = db.HotlineImports.AsNoTracking().Where(i => i.ActorDivisionCode.StartsWith(scope) || above.Contains(i.ActorDivisionCode));
        var size = Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var number = Math.Max(1, page);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(i => i.AtUtc).ThenBy(i => i.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new(items.Select(i => ToView(i, withRejections: false)).ToList(), number, size, total);
    }

    public async Task<ImportView> ImportAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var i = await db.HotlineImports.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null || !(actor.Covers(i.ActorDivisionCode) || DivisionCode.Covers(i.ActorDivisionCode, actor.DivisionCode)))
            throw new Infrastructure.NotFoundException("找不到该导入记录");
        return ToView(i, withRejections: true);
    }

    public const int MaxImportCommunities = 500;

    /// <summary>
    /// The communities an import touched (its complaints, as it left them, and any whose deduction it changed), with how many
    /// of them are epidemic complaints — the ones the engine deducts for — and the deduction before and after, each within
    /// the actor's area. Those whose deduction changed come first.
    /// </summary>
    public async Task<ImportCommunities> ImportCommunitiesAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var unit = actor.DivisionCode;
        var stored = await db.HotlineImports.AsNoTracking().Where(i => i.Id == id).Select(i => i.Deductions).FirstOrDefaultAsync(ct);
        var deductions = ImportDeductions.Parse(stored);
        var changed = (deductions ?? []).Where(d => d.Key.StartsWith(unit, StringComparison.Ordinal) && d.Value[0] != d.Value[1])
            .Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        var shown = changed.Take(MaxImportCommunities).ToList();

        var mine = db.HotlineComplaints.AsNoTracking().Under(c => c.CommunityCode, unit).Where(c => c.ImportId == id);
        var first = shown.Count == 0 ? [] : await Counts(mine.Where(c => shown.Contains(c.CommunityCode))).ToListAsync(ct);
        // One more than fits, to know whether the list is cut.
        var rest = await Counts(mine.Where(c => !shown.Contains(c.CommunityCode))).OrderBy(x => x.Code)
            .Take(MaxImportCommunities - shown.Count + 1).ToListAsync(ct);
        var capped = changed.Count > shown.Count || rest.Count > MaxImportCommunities - shown.Count;
        if (rest.Count > MaxImportCommunities - shown.Count) rest.RemoveAt(rest.Count - 1);

        // A changed community may have no complaint left in the import (moved away, or rewritten by a later one).
        var firstByCode = first.ToDictionary(x => x.Code, StringComparer.Ordinal);
        var rows = shown.Select(code => firstByCode.GetValueOrDefault(code) ?? new ImportCount { Code = code }).Concat(rest).ToList();
        var where = await places.PlacesAsync(rows.Select(c => c.Code), ct);
        return new([.. rows.Select(c =>
        {
            var (before, after) = deductions is null ? ((decimal?)null, (decimal?)null)
                : deductions.TryGetValue(c.Code, out var d) ? (d[0], d[1]) : (0m, 0m); // touched and not listed: none either side
            return new ImportCommunity(where[c.Code], c.Complaints, c.Epidemic, before, after);
        })], deductions is null ? null : changed.Count, capped);
    }

    /// <summary>Set by member initialisation, so that the database can order by it.</summary>
    private sealed class ImportCount
    {
        public required string Code { get; init; }
        public int Complaints { get; init; }
        public int Epidemic { get; init; }
    }

    private static IQueryable<ImportCount> Counts(IQueryable<HotlineComplaintRecord> complaints) =>
        complaints.GroupBy(c => c.CommunityCode).Select(g => new ImportCount { Code = g.Key, Complaints = g.Count(), Epidemic = g.Count(c => c.EpidemicRelated) });

    public static string FollowUpName(FollowUpResult f) => f switch
    {
        FollowUpResult.Satisfied => "满意",
        FollowUpResult.Dissatisfied => "不满意",
        _ => "未回访",
    };

    private static ImportView ToView(HotlineImport i, bool withRejections) => new(i.Id, i.AtUtc, i.ActorName, i.ActorDivisionCode, i.Source, i.FileName,
        i.Sha256, i.Rows, i.Inserted, i.Updated, i.Unchanged, i.Rejected, i.SkipInvalid, i.ReEvaluationsQueued,
        withRejections && i.Rejections is { } json ? JsonSerializer.Deserialize<List<Rejection>>(json, WuyiDbContext.Json) ?? [] : []);
}
