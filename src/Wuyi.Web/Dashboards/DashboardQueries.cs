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

/// <summary>The unit a dashboard shows and the units below it that its tables and charts compare.</summary>
public sealed record DashboardUnit(DivisionRef Unit, DivisionLevel Level, string ChildLevelName, IReadOnlyList<DivisionRef> Path,
    IReadOnlyList<DivisionRef> Children)
{
    /// <summary>A street's children are communities: their rows lead to the community's story, not to another dashboard.</summary>
    public bool ChildrenAreCommunities => Level == DivisionLevel.Street;

    public int ChildLength => Level switch { DivisionLevel.Street => 12, DivisionLevel.District => 9, _ => 6 };
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
/// The figures of the dashboards (统计分析), computed from the records themselves at each request, so that a dashboard
/// is never staler than the lists it sums; every query is limited to the unit's code prefix, as every list is.
/// </summary>
public sealed class DashboardQueries(WuyiDbContext db, ScaleCatalog scales, HotlineQueries hotline, TimeProvider time)
{
    /// <summary>The unit <paramref name="within"/> narrows the actor's node to; 404 outside it or at a community.</summary>
    public async Task<DashboardUnit> UnitAsync(Actor actor, string? within, CancellationToken ct)
    {
        var code = actor.Narrow(within);
        if (DivisionCode.LevelOf(code) is not ({ } level and (DivisionLevel.Province or DivisionLevel.District or DivisionLevel.Street)))
            throw new NotFoundException("请选择全市、区或街道（乡镇）查看统计分析");
        var pathCodes = new[] { 2, 6, 9 }.Where(n => n <= code.Length && n >= actor.DivisionCode.Length).Select(n => code[..n]).ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => pathCodes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        if (!names.ContainsKey(code)) throw new NotFoundException("找不到该区划");
        var childLevel = level switch { DivisionLevel.Street => DivisionLevel.Community, DivisionLevel.District => DivisionLevel.Street, _ => DivisionLevel.District };
        var children = await db.Divisions.AsNoTracking().Where(d => d.Level == childLevel && d.Code.StartsWith(code))
            .OrderBy(d => d.Code).Select(d => new DivisionRef(d.Code, d.Name)).ToListAsync(ct);
        return new DashboardUnit(new DivisionRef(code, names[code]), level,
            childLevel switch { DivisionLevel.Community => "社区（村）", DivisionLevel.Street => "街道（乡镇）", _ => "区" },
            pathCodes.Select(c => new DivisionRef(c, names.GetValueOrDefault(c, c))).ToList(), children);
    }

    /// <summary>
    /// The dashboard of a unit; with <paramref name="table"/> (a download of one table: funnel, progress, batches,
    /// indicators…), only the figures of that table — the other sections stay empty rather than computed for nothing.
    /// </summary>
    public async Task<Dashboard> GetAsync(Actor actor, string? within, CancellationToken ct, string? table = null)
    {
        var scope = await UnitAsync(actor, within, ct);
        var now = time.GetUtcNow();
        bool Needs(string key) => table is null || table == key || (key == "indicators" && table.StartsWith("indicators-", StringComparison.Ordinal));
        var (funnel, total) = Needs("funnel") ? await FunnelAsync(scope, ct) : ([], UnitFunnel.Zero);
        var (step, progress) = Needs("progress") ? await ProgressAsync(scope, ct) : ("日", []);
        return new Dashboard(scope, now, funnel, total, step, progress,
            Needs("batches") ? await BatchesAsync(scope, ct) : [],
            Needs("indicators") ? await IndicatorsAsync(scope, ct) : [],
            Needs("hotline") ? await HotlineAsync(scope, ct) : new HotlineFigures(default, default, 0, []),
            Needs("vetoes") ? await VetoesAsync(scope, ct) : [],
            Needs("ages") ? await AgesAsync(scope, now, ct) : [],
            Needs("backlog") ? await BacklogAsync(scope, now, ct) : []);
    }

    /// <summary>The funnel of each unit below, and of the whole unit (the sum of its rows).</summary>
    public async Task<(IReadOnlyList<FunnelRow> Rows, UnitFunnel Total)> FunnelAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var n = scope.ChildLength;
        var communities = await Count(db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(unit))
            .Select(d => d.Code), n, ct);

        ApplicationAction[] steps = [ApplicationAction.Submit, ApplicationAction.Recommend, ApplicationAction.Approve, ApplicationAction.File];
        var reached = await (
                from t in db.ApplicationTransitions.AsNoTracking()
                join a in db.Applications.AsNoTracking() on t.ApplicationId equals a.Id
                where a.CommunityCode.StartsWith(unit) && steps.Contains(t.Action)
                select new { Unit = a.CommunityCode.Substring(0, n), t.Action, a.CommunityCode })
            .Distinct()
            .GroupBy(x => new { x.Unit, x.Action })
            .Select(g => new { g.Key.Unit, g.Key.Action, Count = g.Count() })
            .ToListAsync(ct);
        int Reached(string code, ApplicationAction action) => reached.FirstOrDefault(r => r.Unit == code && r.Action == action)?.Count ?? 0;

        // 未通过: rejected, and never approved since or before — a community that tried again and passed counts as approved.
        var notApproved = await Count(
            from t in db.ApplicationTransitions.AsNoTracking()
            join a in db.Applications.AsNoTracking() on t.ApplicationId equals a.Id
            where a.CommunityCode.StartsWith(unit) && t.Action == ApplicationAction.Reject
                && !(from t2 in db.ApplicationTransitions
                     join a2 in db.Applications on t2.ApplicationId equals a2.Id
                     where a2.CommunityCode == a.CommunityCode && t2.Action == ApplicationAction.Approve
                     select t2.Id).Any()
            select a.CommunityCode, n, ct);

        var titles = db.Certifications.AsNoTracking().Where(c => c.CommunityCode.StartsWith(unit));
        var certified = await Count(titles.Where(c => c.ActiveForCommunity != null).Select(c => c.CommunityCode), n, ct);
        var revoked = await Count(titles.Where(c => c.RevokedAtUtc != null && !db.Certifications.Any(o => o.ActiveForCommunity == c.CommunityCode))
            .Select(c => c.CommunityCode), n, ct);
        var again = await Count(titles.Where(c => c.ActiveForCommunity != null
                && (c.RestoredAtUtc != null || db.Certifications.Any(o => o.CommunityCode == c.CommunityCode && o.RevokedAtUtc != null)))
            .Select(c => c.CommunityCode), n, ct);
        var rectifying = await Count(db.RectificationTasks.AsNoTracking().Where(t => t.OpenForCommunity != null && t.CommunityCode.StartsWith(unit))
            .Select(t => t.CommunityCode), n, ct);

        var rows = scope.Children.Select(c => new FunnelRow(c, new UnitFunnel(
            communities.GetValueOrDefault(c.Code), Reached(c.Code, ApplicationAction.Submit), Reached(c.Code, ApplicationAction.Recommend),
            Reached(c.Code, ApplicationAction.Approve), notApproved.GetValueOrDefault(c.Code), Reached(c.Code, ApplicationAction.File),
            certified.GetValueOrDefault(c.Code), revoked.GetValueOrDefault(c.Code), rectifying.GetValueOrDefault(c.Code),
            again.GetValueOrDefault(c.Code)))).ToList();
        return (rows, UnitFunnel.Sum(rows.Select(r => r.Figures)));
    }

    /// <summary>Distinct community codes counted per unit below (the first <paramref name="n"/> digits of the code).</summary>
    private static async Task<Dictionary<string, int>> Count(IQueryable<string> communityCodes, int n, CancellationToken ct) =>
        await communityCodes.Distinct().GroupBy(c => c.Substring(0, n)).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    /// <summary>What was done day by day (or week by week when the programme has run longer than 10 weeks), in Beijing time.</summary>
    public async Task<(string Step, IReadOnlyList<ProgressPoint> Points)> ProgressAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var transitions = await (
                from t in db.ApplicationTransitions.AsNoTracking()
                join a in db.Applications.AsNoTracking() on t.ApplicationId equals a.Id
                where a.CommunityCode.StartsWith(unit) && (t.Action == ApplicationAction.Submit || t.Action == ApplicationAction.Approve)
                select new { t.Action, t.AtUtc })
            .ToListAsync(ct);
        var granted = await db.Certifications.AsNoTracking().Where(c => c.CommunityCode.StartsWith(unit)).Select(c => c.CertifiedAtUtc).ToListAsync(ct);
        var revocations = await db.ProgrammeEvents.AsNoTracking()
            .Where(e => e.Kind == ProgrammeEventKind.TitleRevoked && e.CommunityCode != null && e.CommunityCode.StartsWith(unit))
            .Select(e => e.AtUtc).ToListAsync(ct);

        static DateOnly Day(DateTime utc) => ProgrammeClock.DateOf(ProgrammeClock.FromUtc(utc));
        var days = transitions.Select(t => Day(t.AtUtc)).Concat(granted.Select(Day)).Concat(revocations.Select(Day)).ToList();
        if (days.Count == 0) return ("日", []);
        var (first, last) = (days.Min(), days.Max());
        var weekly = last.DayNumber - first.DayNumber > 70;
        DateOnly Bucket(DateOnly d) => weekly ? d.AddDays(-(((int)d.DayOfWeek + 6) % 7)) : d; // weeks begin on Monday
        var points = new SortedDictionary<DateOnly, ProgressPoint>();
        for (var d = Bucket(first); d <= last; d = d.AddDays(weekly ? 7 : 1)) points[d] = new ProgressPoint(d, 0, 0, 0, 0);
        foreach (var t in transitions)
        {
            var p = points[Bucket(Day(t.AtUtc))];
            points[p.Start] = t.Action == ApplicationAction.Submit ? p with { Submitted = p.Submitted + 1 } : p with { Approved = p.Approved + 1 };
        }
        foreach (var g in granted) { var p = points[Bucket(Day(g))]; points[p.Start] = p with { Certified = p.Certified + 1 }; }
        foreach (var r in revocations) { var p = points[Bucket(Day(r))]; points[p.Start] = p with { Revoked = p.Revoked + 1 }; }
        return (weekly ? "周" : "日", points.Values.ToList());
    }

    public async Task<IReadOnlyList<BatchPoint>> BatchesAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var counts = await db.Certifications.AsNoTracking().Where(c => c.CommunityCode.StartsWith(unit))
            .GroupBy(c => c.BatchNumber)
            .Select(g => new { Number = g.Key, Certified = g.Count(), Still = g.Count(c => c.ActiveForCommunity != null) })
            .ToDictionaryAsync(x => x.Number, ct);
        var batches = await db.PublicationBatches.AsNoTracking().OrderBy(b => b.Number).Select(b => new { b.Number, b.Title, b.PublishedOn }).ToListAsync(ct);
        return batches.Select(b => counts.TryGetValue(b.Number, out var c)
            ? new BatchPoint(b.Number, b.Title, b.PublishedOn, c.Certified, c.Still)
            : new BatchPoint(b.Number, b.Title, b.PublishedOn, 0, 0)).ToList();
    }

    /// <summary>
    /// Where points are lost, per scale version: every application the community has submitted (the district's score
    /// where it has scored, else the self-assessment), the most-used version first.
    /// </summary>
    public async Task<IReadOnlyList<IndicatorFigures>> IndicatorsAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var losses = new Dictionary<string, IndicatorLosses>(StringComparer.Ordinal);
        var submitted = db.Applications.AsNoTracking()
            .Where(a => a.CommunityCode.StartsWith(unit) && a.SubmittedAtUtc != null)
            .Select(a => new { a.ScaleVersionId, a.SelfScores, a.DistrictScores })
            .AsAsyncEnumerable();
        await foreach (var a in submitted.WithCancellation(ct))
        {
            if (!losses.TryGetValue(a.ScaleVersionId, out var sum))
                losses[a.ScaleVersionId] = sum = new IndicatorLosses(await scales.GetAsync(db, a.ScaleVersionId, ct));
            sum.Add(a.SelfScores, a.DistrictScores.Count > 0 ? a.DistrictScores : null);
        }
        return losses.Values.OrderByDescending(l => l.Applications)
            .Select(l => new IndicatorFigures(l.Scale.Id, Display.Scale(l.Scale), l.Applications, l.Weakest())).ToList();
    }

    /// <summary>
    /// 12345 per unit below: the epidemic complaints of the engine's window ending on the day of the newest complaint,
    /// the late answers and dissatisfied follow-ups, the points the engine would deduct now (each community capped),
    /// and the re-evaluations 12345 deductions have opened (all time).
    /// </summary>
    public async Task<HotlineFigures> HotlineAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var n = scope.ChildLength;
        var rule = (await scales.InForceAsync(db, ProgrammeClock.DateOf(time.GetUtcNow()), ct)).Hotline;
        var (_, end) = await hotline.DefaultPeriodAsync(unit, ct);
        var asOf = ProgrammeClock.StartOf(end.AddDays(1)).AddTicks(-1);
        var fromUtc = asOf.AddDays(-rule.WindowDays).UtcDateTime;
        var toUtc = asOf.UtcDateTime;
        var complaints = await db.HotlineComplaints.AsNoTracking()
            .Where(c => c.CommunityCode.StartsWith(unit) && c.EpidemicRelated && c.ReceivedAtUtc >= fromUtc && c.ReceivedAtUtc <= toUtc)
            .ToListAsync(ct);
        var reEvaluations = await db.ReEvaluations.AsNoTracking()
            .Where(r => r.Cause == ReEvaluationCause.HotlineDeductions && r.CommunityCode.StartsWith(unit))
            .GroupBy(r => r.CommunityCode.Substring(0, n)).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var facts = complaints.Select(c => c.ToFact()).ToList();
        var deducted = facts.GroupBy(c => c.CommunityCode)
            .Select(g => (Code: g.Key, Points: CertificationEngine.HotlineDeduction(rule, g.Key, g.ToList(), asOf)))
            .Where(x => x.Points > 0).ToList();
        var rows = scope.Children.Select(u =>
        {
            var mine = facts.Where(c => c.CommunityCode.StartsWith(u.Code, StringComparison.Ordinal)).ToList();
            var points = deducted.Where(d => d.Code.StartsWith(u.Code, StringComparison.Ordinal)).ToList();
            return new HotlineRow(u, mine.Count, mine.Count(c => c.AnsweredLate(asOf)), mine.Count(c => c.FollowUp == FollowUpResult.Dissatisfied),
                points.Sum(p => p.Points), points.Count, reEvaluations.GetValueOrDefault(u.Code));
        }).ToList();
        return new HotlineFigures(ProgrammeClock.DateOf(asOf.AddDays(-rule.WindowDays)), end, rule.WindowDays, rows);
    }

    public async Task<IReadOnlyList<VetoKindRow>> VetoesAsync(DashboardUnit scope, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var counts = await db.Vetoes.AsNoTracking().Where(v => v.CommunityCode.StartsWith(unit))
            .GroupBy(v => v.Kind)
            .Select(g => new
            {
                Kind = g.Key,
                Recorded = g.Count(),
                Live = g.Count(v => v.AnnulledAtUtc == null && v.ClearedAtUtc == null),
                Annulled = g.Count(v => v.AnnulledAtUtc != null),
            })
            .ToDictionaryAsync(x => x.Kind, ct);
        return Enum.GetValues<VetoKind>().Select(k => counts.TryGetValue(k, out var c)
            ? new VetoKindRow(k, VetoKindNames.Of(k), c.Recorded, c.Live, c.Annulled)
            : new VetoKindRow(k, VetoKindNames.Of(k), 0, 0, 0)).ToList();
    }

    /// <summary>Open rectification tasks (整改中 or 待验收) and open re-evaluations by how long they have been open.</summary>
    public async Task<IReadOnlyList<AgeRow>> AgesAsync(DashboardUnit scope, DateTimeOffset now, CancellationToken ct)
    {
        var unit = scope.Unit.Code;
        var tasks = await db.RectificationTasks.AsNoTracking()
            .Where(t => t.CommunityCode.StartsWith(unit) && (t.State == RectificationState.Open || t.State == RectificationState.Reported))
            .Select(t => t.OpenedAtUtc).ToListAsync(ct);
        var items = await db.ReEvaluations.AsNoTracking()
            .Where(r => r.CommunityCode.StartsWith(unit) && r.State == ReEvaluationState.Open)
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
            .Where(a => a.CommunityCode.StartsWith(unit) && waiting.Contains(a.State))
            .GroupBy(a => new { Unit = a.CommunityCode.Substring(0, n), a.State })
            .Select(g => new { g.Key.Unit, g.Key.State, Count = g.Count(), Oldest = g.Min(a => a.UpdatedAtUtc) })
            .ToListAsync(ct);
        var tasks = await db.RectificationTasks.AsNoTracking()
            .Where(t => t.CommunityCode.StartsWith(unit) && ((t.State == RectificationState.Open && t.Deadline < today) || t.State == RectificationState.Reported))
            .Select(t => new { Unit = t.CommunityCode.Substring(0, n), t.State, t.OpenedAtUtc })
            .ToListAsync(ct);
        var open = await db.ReEvaluations.AsNoTracking()
            .Where(r => r.CommunityCode.StartsWith(unit) && r.State == ReEvaluationState.Open)
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
