using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Statistics;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Dashboards;

/// <summary>The unit a dashboard shows (null level: the whole country) and the units below it that its tables and charts compare.</summary>
public sealed record DashboardUnit(DivisionRef Unit, DivisionLevel? Level, string ChildLevelName, IReadOnlyList<DivisionRef> Path,
    IReadOnlyList<DivisionRef> Children)
{
    /// <summary>A street's children are communities: their rows lead to the community's story, not to another dashboard.</summary>
    public bool ChildrenAreCommunities => Level == DivisionLevel.Street;

    public int ChildLength => Level switch { DivisionLevel.Street => 12, DivisionLevel.District => 9, DivisionLevel.Province => 6, _ => 2 };
}

/// <summary>One row of the funnel table (创建进度): a unit below the one shown.</summary>
public sealed record FunnelRow(DivisionRef Unit, UnitFunnel Figures);

/// <summary>A day or week of the programme (创建进度随时间): what was done in it.</summary>
public sealed record ProgressPoint(DateOnly Start, int Submitted, int Approved, int Certified, int Revoked);

/// <summary>A publication batch as far as the unit is concerned: its communities, and how many still hold the title.</summary>
public sealed record BatchPoint(int Number, string Title, DateOnly PublishedOn, int Certified, int StillCertified);

/// <summary>12345 (接诉即办) of a unit below the one shown, in the engine's window ending on <see cref="HotlineFigures.AsOf"/>.</summary>
public sealed record HotlineRow(DivisionRef Unit, int Epidemic, int Late, int Dissatisfied, decimal Deducted, int CommunitiesDeducted, int ReEvaluations);

public sealed record HotlineFigures(DateOnly From, DateOnly AsOf, int WindowDays, IReadOnlyList<HotlineRow> Rows);

/// <summary>Vetoes of one kind (否决事项按类型): all recorded, still in force, annulled.</summary>
public sealed record VetoKindRow(VetoKind Kind, string Name, int Recorded, int Live, int Annulled);

/// <summary>Open items by how long they have waited (账龄): rectification tasks and re-evaluations.</summary>
public sealed record AgeRow(string Band, int Rectifications, int ReEvaluations);

/// <summary>What waits in a unit (积压与逾期): the round's queues, overdue rectifications and open re-evaluations, with the oldest wait.</summary>
public sealed record BacklogRow(DivisionRef Unit, int AwaitingRecommendation, int AwaitingEvaluation, int AwaitingFiling,
    int RectificationsOverdue, int RectificationsToAccept, int ReEvaluationsOpen, int? OldestDays)
{
    public int Total => AwaitingRecommendation + AwaitingEvaluation + AwaitingFiling + RectificationsOverdue + RectificationsToAccept + ReEvaluationsOpen;
}

/// <summary>The weakest indicators on one scale version.</summary>
public sealed record IndicatorFigures(string ScaleId, string ScaleTitle, int Applications, IReadOnlyList<IndicatorLoss> Indicators);

/// <summary>Everything a dashboard (统计分析) shows, for one unit and its subtree.</summary>
public sealed record Dashboard(
    DashboardUnit Scope, DateTimeOffset AsOf,
    IReadOnlyList<FunnelRow> Funnel, UnitFunnel Total,
    string ProgressStep, IReadOnlyList<ProgressPoint> Progress, IReadOnlyList<BatchPoint> Batches,
    IReadOnlyList<IndicatorFigures> Indicators,
    HotlineFigures Hotline,
    IReadOnlyList<VetoKindRow> Vetoes, IReadOnlyList<AgeRow> Ages, IReadOnlyList<BacklogRow> Backlog);

/// <summary>
/// The figures of the dashboards (统计分析). A street's are counted from its records at each request (a few dozen
/// communities); a district's, a province's and the country's are read from the summaries the changing transaction keeps
/// (<see cref="FigureStore"/>), counted by the same <see cref="FigureCounter"/>, so a dashboard is never staler than the
/// lists it sums. Every query is limited to the unit's code prefix, as every list is.
/// </summary>
public sealed class DashboardQueries(WuyiDbContext db, ScaleCatalog scales, TimeProvider time)
{
    /// <summary>The unit <paramref name="within"/> narrows the actor's node to; 404 outside it or at a community.</summary>
    public async Task<DashboardUnit> UnitAsync(Actor actor, string? within, CancellationToken ct)
    {
        // An account at the root of the tree sees the country; every other account its own subtree, as every list.
        var code = actor.DivisionCode.Length == 0
            ? (within?.Trim() is { Length: > 0 } w ? (DivisionCode.IsValid(w) ? w : Actor.NoDivision) : "")
            : actor.Narrow(within);
        var level = DivisionCode.LevelOf(code);
        if (code.Length > 0 && level is not (DivisionLevel.Province or DivisionLevel.District or DivisionLevel.Street))
            throw new NotFoundException("请选择全市、区或街道（乡镇）查看统计分析");
        var pathCodes = new[] { 2, 6, 9 }.Where(n => n <= code.Length && n >= actor.DivisionCode.Length).Select(n => code[..n]).ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => pathCodes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        if (code.Length > 0 && !names.ContainsKey(code)) throw new NotFoundException("找不到该区划");
        if (code.Length == 0) names[""] = "全国";
        var childLevel = level switch
        {
            DivisionLevel.Street => DivisionLevel.Community,
            DivisionLevel.District => DivisionLevel.Street,
            DivisionLevel.Province => DivisionLevel.District,
            _ => DivisionLevel.Province,
        };
        var children = await db.Divisions.AsNoTracking().Under(d => d.Code, code).Where(d => d.Level == childLevel)
            .OrderBy(d => d.Code).Select(d => new DivisionRef(d.Code, d.Name)).ToListAsync(ct);
        if (code.Length == 0) pathCodes.Insert(0, "");
        return new DashboardUnit(new DivisionRef(code, names[code]), level,
            childLevel switch
            {
                DivisionLevel.Community => "社区（村）",
                DivisionLevel.Street => "街道（乡镇）",
                DivisionLevel.District => "区",
                _ => "省（自治区、直辖市）",
            },
            pathCodes.Select(c => new DivisionRef(c, names.GetValueOrDefault(c, c))).ToList(), children);
    }

    /// <summary>
    /// The dashboard of a unit; with <paramref name="table"/> (a download of one table: funnel, progress, batches,
    /// indicators…), only the figures of that table — the other sections stay empty rather than computed for nothing.
    /// </summary>
    public async Task<Dashboard> GetAsync(Actor actor, string? within, CancellationToken ct, string? table = null) =>
        await BuildAsync(await UnitAsync(actor, within, ct), table, fromRecords: false, ct);

    /// <summary>
    /// The same dashboard counted from the records at any level, not read from the summaries: what the summaries are
    /// held to (the tests, and <c>figures-verify</c>).
    /// </summary>
    public async Task<Dashboard> FromRecordsAsync(Actor actor, string? within, CancellationToken ct) =>
        await BuildAsync(await UnitAsync(actor, within, ct), null, fromRecords: true, ct);

    private async Task<Dashboard> BuildAsync(DashboardUnit scope, string? table, bool fromRecords, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        bool Needs(string key) => table is null || table == key || (key == "indicators" && table.StartsWith("indicators-", StringComparison.Ordinal));
        var sections = (Needs("funnel") ? FigureSections.Funnel : 0) | (Needs("progress") ? FigureSections.Progress : 0)
            | (Needs("batches") ? FigureSections.Batches : 0) | (Needs("indicators") ? FigureSections.Indicators : 0)
            | (Needs("hotline") ? FigureSections.Hotline | FigureSections.ReEvaluations : 0) | (Needs("vetoes") ? FigureSections.Vetoes : 0);
        var province = scope.Unit.Code.Length >= 2 ? scope.Unit.Code[..2] : null;
        var window = sections.HasFlag(FigureSections.Hotline)
            ? province is null ? await CountryWindowAsync(scope, ct) : await FigureStore.WindowAsync(db, scales, time, province, ct)
            : null;
        var figures = fromRecords || scope.ChildrenAreCommunities
            ? await new FigureCounter(db, scales).CountAsync(scope.Unit.Code, scope.ChildLength, sections, window, ct)
            : await StoredAsync(scope, ct);

        var funnel = scope.Children.Select(c => new FunnelRow(c, Funnel(figures.Get(c.Code, FigureKeys.Funnel)))).ToList();
        var (step, progress) = Needs("progress") ? Progress(figures) : ("日", []);
        return new Dashboard(scope, now, funnel, UnitFunnel.Sum(funnel.Select(r => r.Figures)), step, progress,
            Needs("batches") ? await BatchesAsync(figures, ct) : [],
            Needs("indicators") ? await IndicatorsAsync(figures, ct) : [],
            window is not null ? Hotline(scope, figures, window) : new HotlineFigures(default, default, 0, []),
            Needs("vetoes") ? Vetoes(figures) : [],
            Needs("ages") ? await AgesAsync(scope, now, ct) : [],
            Needs("backlog") ? await BacklogAsync(scope, now, ct) : []);
    }

    /// <summary>The unit's own summaries, and its children's where a table compares them.</summary>
    private async Task<FigureSet> StoredAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var children = scope.Children.Select(c => c.Code).ToList();
        string[] compared = [FigureKeys.Funnel, FigureKeys.Hotline, FigureKeys.ReEvaluations];
        var own = await db.DashboardFigures.AsNoTracking().Where(f => f.Unit == unit && !compared.Contains(f.Key)).ToListAsync(ct);
        var below = await db.DashboardFigures.AsNoTracking().Where(f => children.Contains(f.Unit) && compared.Contains(f.Key)).ToListAsync(ct);
        return FigureSet.Of(own.Concat(below));
    }

    /// <summary>The country's window label: the latest of the provinces' (each province's figures are counted in its own).</summary>
    private async Task<HotlineWindow> CountryWindowAsync(DashboardUnit scope, CancellationToken ct)
    {
        var provinces = scope.Children.Select(c => c.Code).ToList();
        var newest = await db.DashboardFigures.AsNoTracking().Where(f => provinces.Contains(f.Unit) && f.Key == FigureKeys.HotlineAsOf).MaxAsync(f => (long?)f.V0, ct);
        var end = newest is { } d ? DateOnly.FromDayNumber((int)d) : ProgrammeClock.DateOf(time.GetUtcNow());
        return new HotlineWindow(end, (await scales.InForceAsync(db, end, ct)).Hotline);
    }

    private static UnitFunnel Funnel(long[]? v) => v is null ? UnitFunnel.Zero
        : new UnitFunnel((int)v[0], (int)v[1], (int)v[2], (int)v[3], (int)v[4], (int)v[5], (int)v[6], (int)v[7], (int)v[8], (int)v[9]);

    /// <summary>What was done day by day (or week by week when the programme has run longer than 10 weeks), in Beijing time.</summary>
    private static (string Step, IReadOnlyList<ProgressPoint> Points) Progress(FigureSet figures)
    {
        var days = figures.Totals(k => FigureKeys.SectionOf(k) == FigureSections.Progress)
            .Where(d => d.Value.Any(v => v != 0))
            .ToDictionary(d => DateOnly.ParseExact(d.Key["day:".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value);
        if (days.Count == 0) return ("日", []);
        var (first, last) = (days.Keys.Min(), days.Keys.Max());
        var weekly = last.DayNumber - first.DayNumber > 70;
        DateOnly Bucket(DateOnly d) => weekly ? d.AddDays(-(((int)d.DayOfWeek + 6) % 7)) : d; // weeks begin on Monday
        var points = new SortedDictionary<DateOnly, ProgressPoint>();
        for (var d = Bucket(first); d <= last; d = d.AddDays(weekly ? 7 : 1)) points[d] = new ProgressPoint(d, 0, 0, 0, 0);
        foreach (var (day, v) in days)
        {
            var p = points[Bucket(day)];
            points[p.Start] = p with { Submitted = p.Submitted + (int)v[0], Approved = p.Approved + (int)v[1], Certified = p.Certified + (int)v[2], Revoked = p.Revoked + (int)v[3] };
        }
        return (weekly ? "周" : "日", points.Values.ToList());
    }

    private async Task<IReadOnlyList<BatchPoint>> BatchesAsync(FigureSet figures, CancellationToken ct)
    {
        var counts = figures.Totals(k => FigureKeys.SectionOf(k) == FigureSections.Batches);
        var batches = await db.PublicationBatches.AsNoTracking().OrderBy(b => b.Number).Select(b => new { b.Number, b.Title, b.PublishedOn }).ToListAsync(ct);
        return batches.Select(b => counts.TryGetValue(FigureKeys.Batch(b.Number), out var c)
            ? new BatchPoint(b.Number, b.Title, b.PublishedOn, (int)c[0], (int)c[1])
            : new BatchPoint(b.Number, b.Title, b.PublishedOn, 0, 0)).ToList();
    }

    /// <summary>Where points are lost, per scale version, the most-used version first.</summary>
    private async Task<IReadOnlyList<IndicatorFigures>> IndicatorsAsync(FigureSet figures, CancellationToken ct)
    {
        var sums = figures.Totals(k => FigureKeys.SectionOf(k) == FigureSections.Indicators);
        var result = new List<IndicatorFigures>();
        foreach (var (key, applications) in sums.Where(s => s.Key.Count(c => c == ':') == 1 && s.Value[0] > 0))
        {
            var scaleId = key["ind:".Length..];
            var losses = new IndicatorLosses(await scales.GetAsync(db, scaleId, ct));
            losses.Add((int)applications[0], losses.Scale.Indicators
                .Where(i => sums.ContainsKey(FigureKeys.Indicator(scaleId, i.Code)))
                .ToDictionary(i => i.Code, i => sums[FigureKeys.Indicator(scaleId, i.Code)] is var v
                    ? new IndicatorSums((int)v[0], FigureKeys.Decimal(v[1]), (int)v[2], (int)v[3], (int)v[4], FigureKeys.Decimal(v[5]))
                    : default));
            result.Add(new IndicatorFigures(scaleId, Display.Scale(losses.Scale), losses.Applications, losses.Weakest()));
        }
        return [.. result.OrderByDescending(l => l.Applications).ThenBy(l => l.ScaleId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// 12345 per unit below, in the engine's window ending on the province's newest complaint: epidemic complaints, late
    /// answers, dissatisfied follow-ups, the points deducted (each community capped), and the re-evaluations 12345
    /// deductions have opened (all time).
    /// </summary>
    private static HotlineFigures Hotline(DashboardUnit scope, FigureSet figures, HotlineWindow window) =>
        new(window.Start, window.End, window.Rule.WindowDays, scope.Children.Select(u =>
        {
            var h = figures.Get(u.Code, FigureKeys.Hotline) ?? new long[FigureKeys.Width];
            var r = figures.Get(u.Code, FigureKeys.ReEvaluations) ?? new long[FigureKeys.Width];
            return new HotlineRow(u, (int)h[0], (int)h[1], (int)h[2], FigureKeys.Decimal(h[3]), (int)h[4], (int)r[0]);
        }).ToList());

    private static IReadOnlyList<VetoKindRow> Vetoes(FigureSet figures) => Enum.GetValues<VetoKind>().Select(k =>
    {
        var c = figures.Total(FigureKeys.Veto(k));
        return new VetoKindRow(k, VetoKindNames.Of(k), (int)c[0], (int)c[1], (int)c[2]);
    }).ToList();

    /// <summary>Open rectification tasks (整改中 or 待验收) and open re-evaluations by how long they have been open.</summary>
    public async Task<IReadOnlyList<AgeRow>> AgesAsync(DashboardUnit scope, DateTimeOffset now, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var tasks = await db.RectificationTasks.AsNoTracking()
            .Under(t => t.CommunityCode, unit).Where(t => (t.State == RectificationState.Open || t.State == RectificationState.Reported))
            .Select(t => t.OpenedAtUtc).ToListAsync(ct);
        var items = await db.ReEvaluations.AsNoTracking()
            .Under(r => r.CommunityCode, unit).Where(r => r.State == ReEvaluationState.Open)
            .Select(r => r.OpenedAtUtc).ToListAsync(ct);
        var today = ProgrammeClock.DateOf(now);
        int Band(DateTime opened) => AgeBands.Of(today.DayNumber - ProgrammeClock.DateOf(ProgrammeClock.FromUtc(opened)).DayNumber);
        return AgeBands.Names.Select((name, i) => new AgeRow(name, tasks.Count(t => Band(t) == i), items.Count(r => Band(r) == i))).ToList();
    }

    /// <summary>What waits in each unit below, and since when (the oldest wait in whole days).</summary>
    public async Task<IReadOnlyList<BacklogRow>> BacklogAsync(DashboardUnit scope, DateTimeOffset now, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var n = scope.ChildLength;
        var today = ProgrammeClock.DateOf(now);
        ApplicationState[] waiting = [ApplicationState.Submitted, ApplicationState.Recommended, ApplicationState.Approved];
        var queues = await db.Applications.AsNoTracking()
            .Under(a => a.CommunityCode, unit).Where(a => waiting.Contains(a.State))
            .GroupBy(a => new { Unit = a.CommunityCode.Substring(0, n), a.State })
            .Select(g => new { g.Key.Unit, g.Key.State, Count = g.Count(), Oldest = g.Min(a => a.UpdatedAtUtc) })
            .ToListAsync(ct);
        var tasks = await db.RectificationTasks.AsNoTracking()
            .Under(t => t.CommunityCode, unit).Where(t => ((t.State == RectificationState.Open && t.Deadline < today) || t.State == RectificationState.Reported))
            .Select(t => new { Unit = t.CommunityCode.Substring(0, n), t.State, t.OpenedAtUtc })
            .ToListAsync(ct);
        var open = await db.ReEvaluations.AsNoTracking()
            .Under(r => r.CommunityCode, unit).Where(r => r.State == ReEvaluationState.Open)
            .Select(r => new { Unit = r.CommunityCode.Substring(0, n), r.OpenedAtUtc })
            .ToListAsync(ct);
        int Days(DateTime since) => today.DayNumber - ProgrammeClock.DateOf(ProgrammeClock.FromUtc(since)).DayNumber;

        return scope.Children.Select(u =>
        {
            int Queue(ApplicationState s) => queues.FirstOrDefault(q => q.Unit == u.Code && q.State == s)?.Count ?? 0;
            var since = queues.Where(q => q.Unit == u.Code).Select(q => q.Oldest)
                .Concat(tasks.Where(t => t.Unit == u.Code).Select(t => t.OpenedAtUtc))
                .Concat(open.Where(r => r.Unit == u.Code).Select(r => r.OpenedAtUtc)).ToList();
            return new BacklogRow(u, Queue(ApplicationState.Submitted), Queue(ApplicationState.Recommended), Queue(ApplicationState.Approved),
                tasks.Count(t => t.Unit == u.Code && t.State == RectificationState.Open),
                tasks.Count(t => t.Unit == u.Code && t.State == RectificationState.Reported),
                open.Count(r => r.Unit == u.Code), since.Count == 0 ? null : Days(since.Min()));
        }).ToList();
    }
}
