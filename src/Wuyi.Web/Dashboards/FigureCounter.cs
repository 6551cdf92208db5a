using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Domain.Statistics;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Dashboards;

/// <summary>
/// The one definition of every dashboard figure: counted from the records under a code prefix, by unit (the first
/// <c>n</c> digits of the community's code). A street dashboard is this, by community; the summaries are this, by
/// street, recomputed in the changing transaction; the tests hold the summaries to this at every level.
/// </summary>
public sealed class FigureCounter(WuyiDbContext db, ScaleCatalog scales)
{
    /// <summary>The round's steps any figure counts; a save whose transitions are all other steps recounts nothing for them.</summary>
    public static readonly FrozenSet<ApplicationAction> CountedSteps = new[]
    {
        ApplicationAction.Submit, ApplicationAction.Recommend, ApplicationAction.Approve, ApplicationAction.Reject, ApplicationAction.File,
    }.ToFrozenSet();

    public async Task<FigureSet> CountAsync(string within, int n, FigureSections sections, HotlineWindow? hotline, CancellationToken ct)
    {
        var set = new FigureSet();
        if (sections.HasFlag(FigureSections.Funnel)) await FunnelAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Progress)) await ProgressAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Batches)) await BatchesAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Indicators)) await IndicatorsAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Hotline) && hotline is not null) await HotlineAsync(set, within, n, hotline, ct);
        if (sections.HasFlag(FigureSections.ReEvaluations)) await ReEvaluationsAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Vetoes)) await VetoesAsync(set, within, n, ct);
        return set;
    }

    /// <summary>Communities per stage (communities, not applications: a community that applied twice is one 申报).</summary>
    private async Task FunnelAsync(FigureSet set, string within, int n, CancellationToken ct)
    {
        var communities = await Count(db.Divisions.AsNoTracking().Under(d => d.Code, within).Where(d => d.Level == Domain.Divisions.DivisionLevel.Community)
            .Select(d => d.Code), n, ct);

        ApplicationAction[] steps = [ApplicationAction.Submit, ApplicationAction.Recommend, ApplicationAction.Approve, ApplicationAction.File];
        var reached = await (
                from t in db.ApplicationTransitions.AsNoTracking()
                join a in db.Applications.AsNoTracking().Under(a => a.CommunityCode, within) on t.ApplicationId equals a.Id
                where steps.Contains(t.Action)
                select new { Unit = a.CommunityCode.Substring(0, n), t.Action, a.CommunityCode })
            .Distinct()
            .GroupBy(x => new { x.Unit, x.Action })
            .Select(g => new { g.Key.Unit, g.Key.Action, Count = g.Count() })
            .ToListAsync(ct);

        // 未通过: rejected, and never approved since or before — a community that tried again and passed counts as approved.
        var notApproved = await Count(
            from t in db.ApplicationTransitions.AsNoTracking()
            join a in db.Applications.AsNoTracking().Under(a => a.CommunityCode, within) on t.ApplicationId equals a.Id
            where t.Action == ApplicationAction.Reject
                && !(from t2 in db.ApplicationTransitions
                     join a2 in db.Applications on t2.ApplicationId equals a2.Id
                     where a2.CommunityCode == a.CommunityCode && t2.Action == ApplicationAction.Approve
                     select t2.Id).Any()
            select a.CommunityCode, n, ct);

        var titles = db.Certifications.AsNoTracking().Under(c => c.CommunityCode, within);
        var certified = await Count(titles.Where(c => c.ActiveForCommunity != null).Select(c => c.CommunityCode), n, ct);
        var revoked = await Count(titles.Where(c => c.RevokedAtUtc != null && !db.Certifications.Any(o => o.ActiveForCommunity == c.CommunityCode))
            .Select(c => c.CommunityCode), n, ct);
        var again = await Count(titles.Where(c => c.ActiveForCommunity != null
                && (c.RestoredAtUtc != null || db.Certifications.Any(o => o.CommunityCode == c.CommunityCode && o.RevokedAtUtc != null)))
            .Select(c => c.CommunityCode), n, ct);
        var rectifying = await Count(db.RectificationTasks.AsNoTracking().Under(t => t.CommunityCode, within).Where(t => t.OpenForCommunity != null)
            .Select(t => t.CommunityCode), n, ct);

        int Stage(ApplicationAction action) => action switch
        {
            ApplicationAction.Submit => 1,
            ApplicationAction.Recommend => 2,
            ApplicationAction.Approve => 3,
            _ => 5, // File
        };
        foreach (var (unit, count) in communities) set.Add(unit, FigureKeys.Funnel, count);
        foreach (var r in reached) AddAt(set, r.Unit, Stage(r.Action), r.Count);
        foreach (var (unit, count) in notApproved) AddAt(set, unit, 4, count);
        foreach (var (unit, count) in certified) AddAt(set, unit, 6, count);
        foreach (var (unit, count) in revoked) AddAt(set, unit, 7, count);
        foreach (var (unit, count) in rectifying) AddAt(set, unit, 8, count);
        foreach (var (unit, count) in again) AddAt(set, unit, 9, count);
    }

    private static void AddAt(FigureSet set, string unit, int index, long count)
    {
        var values = new long[index + 1];
        values[index] = count;
        set.Add(unit, FigureKeys.Funnel, values);
    }

    /// <summary>Distinct community codes counted per unit (the first <paramref name="n"/> digits of the code).</summary>
    private static async Task<Dictionary<string, int>> Count(IQueryable<string> communityCodes, int n, CancellationToken ct) =>
        await communityCodes.Distinct().GroupBy(c => c.Substring(0, n)).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    /// <summary>What was done each day, in Beijing time: submitted, approved, certified, revoked.</summary>
    private async Task ProgressAsync(FigureSet set, string within, int n, CancellationToken ct)
    {
        var transitions = await (
                from t in db.ApplicationTransitions.AsNoTracking()
                join a in db.Applications.AsNoTracking().Under(a => a.CommunityCode, within) on t.ApplicationId equals a.Id
                where t.Action == ApplicationAction.Submit || t.Action == ApplicationAction.Approve
                select new { a.CommunityCode, t.Action, t.AtUtc })
            .ToListAsync(ct);
        var granted = await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, within)
            .Select(c => new { c.CommunityCode, c.CertifiedAtUtc }).ToListAsync(ct);
        var revocations = await db.ProgrammeEvents.AsNoTracking().Under(e => e.CommunityCode!, within)
            .Where(e => e.Kind == ProgrammeEventKind.TitleRevoked && e.CommunityCode != null)
            .Select(e => new { e.CommunityCode, e.AtUtc }).ToListAsync(ct);

        static string Day(DateTime utc) => FigureKeys.Day(ProgrammeClock.DateOf(ProgrammeClock.FromUtc(utc)));
        foreach (var t in transitions)
            set.Add(t.CommunityCode[..n], Day(t.AtUtc), t.Action == ApplicationAction.Submit ? [1] : [0, 1]);
        foreach (var g in granted) set.Add(g.CommunityCode[..n], Day(g.CertifiedAtUtc), 0, 0, 1);
        foreach (var r in revocations) set.Add(r.CommunityCode![..n], Day(r.AtUtc), 0, 0, 0, 1);
    }

    /// <summary>Per publication batch: titles granted, and how many still stand.</summary>
    private async Task BatchesAsync(FigureSet set, string within, int n, CancellationToken ct)
    {
        var counts = await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, within)
            .GroupBy(c => new { Unit = c.CommunityCode.Substring(0, n), c.BatchNumber })
            .Select(g => new { g.Key.Unit, g.Key.BatchNumber, Certified = g.Count(), Still = g.Count(c => c.ActiveForCommunity != null) })
            .ToListAsync(ct);
        foreach (var c in counts) set.Add(c.Unit, FigureKeys.Batch(c.BatchNumber), c.Certified, c.Still);
    }

    /// <summary>
    /// Where points are lost, per scale version: every application the community has submitted (the district's score
    /// where it has scored, else the self-assessment).
    /// </summary>
    private async Task IndicatorsAsync(FigureSet set, string within, int n, CancellationToken ct)
    {
        var losses = new Dictionary<(string Unit, string Scale), IndicatorLosses>();
        var applications = db.Applications.AsNoTracking().Under(a => a.CommunityCode, within).Where(a => a.SubmittedAtUtc != null);
        // Read before the rows stream: a PostgreSQL connection runs one command at a time.
        var versions = new Dictionary<string, ScaleVersion>(StringComparer.Ordinal);
        foreach (var id in await applications.Select(a => a.ScaleVersionId).Distinct().ToListAsync(ct)) versions[id] = await scales.GetAsync(db, id, ct);
        var submitted = applications
            .Select(a => new { a.CommunityCode, a.ScaleVersionId, a.SelfScores, a.DistrictScores })
            .AsAsyncEnumerable();
        await foreach (var a in submitted.WithCancellation(ct))
        {
            var key = (a.CommunityCode[..n], a.ScaleVersionId);
            if (!losses.TryGetValue(key, out var sum))
                losses[key] = sum = new IndicatorLosses(versions[a.ScaleVersionId]);
            sum.Add(a.SelfScores, a.DistrictScores.Count > 0 ? a.DistrictScores : null);
        }
        foreach (var ((unit, scale), l) in losses)
        {
            if (l.Applications == 0) continue;
            set.Add(unit, FigureKeys.Scale(scale), l.Applications);
            foreach (var (code, x) in l.Sums)
                if (x.Scored > 0)
                    set.Add(unit, FigureKeys.Indicator(scale, code), x.Scored, FigureKeys.Fixed(x.Lost), x.Below, x.Compared, x.Differing, FigureKeys.Fixed(x.Difference));
        }
    }

    /// <summary>
    /// 12345 in the engine's window ending on <see cref="HotlineWindow.End"/>: epidemic complaints, late answers,
    /// dissatisfied follow-ups, and the points the engine deducts (each community capped by its rule).
    /// </summary>
    private async Task HotlineAsync(FigureSet set, string within, int n, HotlineWindow window, CancellationToken ct)
    {
        var asOf = window.AsOf;
        var fromUtc = asOf.AddDays(-window.Rule.WindowDays).UtcDateTime;
        var toUtc = asOf.UtcDateTime;
        var complaints = await db.HotlineComplaints.AsNoTracking()
            .Under(c => c.CommunityCode, within).Where(c => c.EpidemicRelated && c.ReceivedAtUtc >= fromUtc && c.ReceivedAtUtc <= toUtc)
            .ToListAsync(ct);
        foreach (var community in complaints.Select(c => c.ToFact()).GroupBy(c => c.CommunityCode))
        {
            var facts = community.ToList();
            var points = CertificationEngine.HotlineDeduction(window.Rule, community.Key, facts, asOf);
            set.Add(community.Key[..n], FigureKeys.Hotline, facts.Count, facts.Count(c => c.AnsweredLate(asOf)),
                facts.Count(c => c.FollowUp == FollowUpResult.Dissatisfied), FigureKeys.Fixed(points), points > 0 ? 1 : 0);
        }
    }

    private async Task ReEvaluationsAsync(FigureSet set, string within, int n, CancellationToken ct)
    {
        var counts = await db.ReEvaluations.AsNoTracking()
            .Under(r => r.CommunityCode, within).Where(r => r.Cause == ReEvaluationCause.HotlineDeductions)
            .GroupBy(r => r.CommunityCode.Substring(0, n)).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var c in counts) set.Add(c.Key, FigureKeys.ReEvaluations, c.Count);
    }

    private async Task VetoesAsync(FigureSet set, string within, int n, CancellationToken ct)
    {
        var counts = await db.Vetoes.AsNoTracking().Under(v => v.CommunityCode, within)
            .GroupBy(v => new { Unit = v.CommunityCode.Substring(0, n), v.Kind })
            .Select(g => new
            {
                g.Key.Unit,
                g.Key.Kind,
                Recorded = g.Count(),
                Live = g.Count(v => v.AnnulledAtUtc == null && v.ClearedAtUtc == null),
                Annulled = g.Count(v => v.AnnulledAtUtc != null),
            })
            .ToListAsync(ct);
        foreach (var c in counts) set.Add(c.Unit, FigureKeys.Veto(c.Kind), c.Recorded, c.Live, c.Annulled);
    }
}

/// <summary>The 12345 window of a province's figures: it ends on the day of its newest complaint (not after today).</summary>
public sealed record HotlineWindow(DateOnly End, HotlineDeductionRule Rule)
{
    public DateTimeOffset AsOf => ProgrammeClock.StartOf(End.AddDays(1)).AddTicks(-1);

    public DateOnly Start => ProgrammeClock.DateOf(AsOf.AddDays(-Rule.WindowDays));
}
