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
        if ((sections & (FigureSections.Funnel | FigureSections.Progress | FigureSections.Batches)) != 0) await RoundAndTitlesAsync(set, within, n, sections, ct);
        if (sections.HasFlag(FigureSections.Indicators)) await IndicatorsAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Hotline) && hotline is not null) await HotlineAsync(set, within, n, hotline, ct);
        if (sections.HasFlag(FigureSections.ReEvaluations)) await ReEvaluationsAsync(set, within, n, ct);
        if (sections.HasFlag(FigureSections.Vetoes)) await VetoesAsync(set, within, n, ct);
        return set;
    }

    /// <summary>
    /// The funnel (communities, not applications, per stage: a community that applied twice is one 申报), what was done
    /// each day in Beijing time (submitted, approved, certified, revoked), and per publication batch the titles granted and
    /// still standing. The three share their records, so each kind of record is read once, as rows, and counted here:
    /// a submit recounts its street in every transaction, and there one query more costs more than the rows it reads.
    /// </summary>
    private async Task RoundAndTitlesAsync(FigureSet set, string within, int n, FigureSections sections, CancellationToken ct)
    {
        var funnel = sections.HasFlag(FigureSections.Funnel);
        var progress = sections.HasFlag(FigureSections.Progress);
        string Unit(string community) => community[..n];
        static string Day(DateTime utc) => FigureKeys.Day(ProgrammeClock.DateOf(ProgrammeClock.FromUtc(utc)));

        if (funnel || progress)
        {
            // Every step a figure counts (CountedSteps), of every application of the communities within.
            var steps = CountedSteps.ToArray();
            var transitions = (
                    from t in db.ApplicationTransitions.AsNoTracking()
                    join a in db.Applications.AsNoTracking().Under(a => a.CommunityCode, within) on t.ApplicationId equals a.Id
                    where steps.Contains(t.Action)
                    select new { a.CommunityCode, t.Action, t.AtUtc })
                .AsAsyncEnumerable();
            var reached = new HashSet<(string Community, ApplicationAction Action)>();
            await foreach (var t in transitions.WithCancellation(ct))
            {
                reached.Add((t.CommunityCode, t.Action));
                if (progress && t.Action == ApplicationAction.Submit) set.Add(Unit(t.CommunityCode), Day(t.AtUtc), 1);
                if (progress && t.Action == ApplicationAction.Approve) set.Add(Unit(t.CommunityCode), Day(t.AtUtc), 0, 1);
            }
            if (funnel)
            {
                foreach (var (community, action) in reached)
                {
                    var stage = action switch
                    {
                        ApplicationAction.Submit => 1,
                        ApplicationAction.Recommend => 2,
                        ApplicationAction.Approve => 3,
                        // 未通过: rejected, and never approved since or before — a community that tried again and passed counts as approved.
                        ApplicationAction.Reject => reached.Contains((community, ApplicationAction.Approve)) ? 0 : 4,
                        _ => 5, // File
                    };
                    if (stage > 0) AddAt(set, Unit(community), stage, 1);
                }
            }
        }

        var titles = await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, within)
            .Select(c => new { c.CommunityCode, c.BatchNumber, c.CertifiedAtUtc, Standing = c.ActiveForCommunity != null, Revoked = c.RevokedAtUtc != null, Restored = c.RestoredAtUtc != null })
            .ToListAsync(ct);
        if (funnel)
        {
            foreach (var community in titles.GroupBy(c => c.CommunityCode))
            {
                var standing = community.Where(c => c.Standing).ToList();
                var everRevoked = community.Any(c => c.Revoked);
                if (standing.Count > 0) AddAt(set, Unit(community.Key), 6, 1);
                if (standing.Count == 0 && everRevoked) AddAt(set, Unit(community.Key), 7, 1);
                if (standing.Any(c => c.Restored || everRevoked)) AddAt(set, Unit(community.Key), 9, 1); // 再次认定
            }
            foreach (var (unit, count) in await Count(db.Divisions.AsNoTracking().Under(d => d.Code, within)
                         .Where(d => d.Level == Domain.Divisions.DivisionLevel.Community).Select(d => d.Code), n, ct))
                set.Add(unit, FigureKeys.Funnel, count);
            foreach (var (unit, count) in await Count(db.RectificationTasks.AsNoTracking().Under(t => t.CommunityCode, within)
                         .Where(t => t.OpenForCommunity != null).Select(t => t.CommunityCode), n, ct))
                AddAt(set, unit, 8, count);
        }
        if (progress)
        {
            foreach (var g in titles) set.Add(Unit(g.CommunityCode), Day(g.CertifiedAtUtc), 0, 0, 1);
            var revocations = await db.ProgrammeEvents.AsNoTracking().Under(e => e.CommunityCode!, within)
                .Where(e => e.Kind == ProgrammeEventKind.TitleRevoked && e.CommunityCode != null)
                .Select(e => new { e.CommunityCode, e.AtUtc }).ToListAsync(ct);
            foreach (var r in revocations) set.Add(Unit(r.CommunityCode!), Day(r.AtUtc), 0, 0, 0, 1);
        }
        if (sections.HasFlag(FigureSections.Batches))
        {
            foreach (var batch in titles.GroupBy(c => (Unit: Unit(c.CommunityCode), c.BatchNumber)))
                set.Add(batch.Key.Unit, FigureKeys.Batch(batch.Key.BatchNumber), batch.Count(), batch.Count(c => c.Standing));
        }
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
