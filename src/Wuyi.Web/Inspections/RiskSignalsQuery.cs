using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Inspections;

/// <summary>A community the risk list ranks: certified, or applying in the round, with where it stands.</summary>
public sealed record RiskCandidate(string CommunityCode, string Standing, bool Certified, decimal? Margin);

/// <summary>
/// What the risk ranking counts, one method per signal, each for the communities under a division code. A signal the
/// platform cannot count goes in <see cref="NotYetAvailable"/>: it adds nothing and the list says so (none today).
/// </summary>
public sealed class RiskSignalsQuery(WuyiDbContext db, ScaleCatalog scales, DutyRosters.RosterSummaries rosters)
{
    /// <summary>Signals the platform cannot count yet: they add nothing, and the list says so.</summary>
    public static readonly IReadOnlySet<RiskSignal> NotYetAvailable = new HashSet<RiskSignal>();

    /// <summary>Certified communities and those with an open application under <paramref name="prefix"/>, with their margin over the pass mark.</summary>
    public async Task<List<RiskCandidate>> CandidatesAsync(string prefix, DateOnly today, CancellationToken ct)
    {
        var certified = await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, prefix).Where(c => c.ActiveForCommunity != null)
            .Select(c => new { c.CommunityCode, c.ApplicationId }).ToListAsync(ct);
        var certifiedCodes = certified.Select(c => c.CommunityCode).ToHashSet();
        var certifying = certified.Select(c => c.ApplicationId).ToList();
        var applications = await db.Applications.AsNoTracking().Under(a => a.CommunityCode, prefix)
            .Where(a => a.OpenForCommunity != null || certifying.Contains(a.Id))
            .Select(a => new { a.Id, a.CommunityCode, a.State, a.ScaleVersionId, a.SelfScores, a.DistrictScores, Open = a.OpenForCommunity != null })
            .ToListAsync(ct);
        var passMarks = new Dictionary<string, decimal>();
        foreach (var id in applications.Select(a => a.ScaleVersionId).Distinct())
        {
            var scale = await scales.GetAsync(db, id, ct);
            passMarks[id] = (await scales.PassMarksAsync(db, scale, ct)).InForceOn(today).Value;
        }
        decimal? Margin(IReadOnlyDictionary<string, decimal> district, IReadOnlyDictionary<string, decimal> self, string scale) =>
            district.Count > 0 ? district.Values.Sum() - passMarks[scale] : self.Count > 0 ? self.Values.Sum() - passMarks[scale] : null;

        var result = new List<RiskCandidate>();
        foreach (var c in certified)
        {
            var a = applications.FirstOrDefault(x => x.Id == c.ApplicationId);
            result.Add(new RiskCandidate(c.CommunityCode, "已认定", true, a is null ? null : Margin(a.DistrictScores, a.SelfScores, a.ScaleVersionId)));
        }
        foreach (var a in applications.Where(a => a.Open && !certifiedCodes.Contains(a.CommunityCode)))
            result.Add(new RiskCandidate(a.CommunityCode, $"申报中（{ApplicationStates.Name(a.State)}）", false, Margin(a.DistrictScores, a.SelfScores, a.ScaleVersionId)));
        return result;
    }

    /// <summary>12345: epidemic-related complaints received in the window, those answered late, those followed up dissatisfied, and the points they cost (rule 4).</summary>
    public async Task<Dictionary<string, (int Epidemic, int Late, int Dissatisfied, decimal Deducted)>> HotlineAsync(string prefix, int windowDays,
        Domain.Scales.HotlineDeductionRule rule, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-Math.Max(windowDays, rule.WindowDays)).UtcDateTime;
        var complaints = (await db.HotlineComplaints.AsNoTracking().Under(c => c.CommunityCode, prefix)
                .Where(c => c.EpidemicRelated && c.ReceivedAtUtc >= since).ToListAsync(ct))
            .Select(c => c.ToFact()).ToList();
        var windowStart = now.AddDays(-windowDays);
        return complaints.GroupBy(c => c.CommunityCode).ToDictionary(g => g.Key, g =>
        {
            var recent = g.Where(c => c.ReceivedAt >= windowStart && c.ReceivedAt <= now).ToList();
            return (recent.Count, recent.Count(c => c.AnsweredLate(now)), recent.Count(c => c.FollowUp == FollowUpResult.Dissatisfied),
                CertificationEngine.HotlineDeduction(rule, g.Key, g.ToList(), now));
        });
    }

    /// <summary>The last inspection carried out (submitted) of each community: its failed items and how many days ago.</summary>
    public async Task<Dictionary<string, (int Failed, int Days)>> LastInspectionsAsync(string prefix, DateTimeOffset now, CancellationToken ct)
    {
        var done = await db.Inspections.AsNoTracking().Under(i => i.CommunityCode, prefix)
            .Where(i => i.State == InspectionState.Submitted || i.State == InspectionState.Decided).ToListAsync(ct);
        return done.GroupBy(i => i.CommunityCode).ToDictionary(g => g.Key, g =>
        {
            var last = g.MaxBy(i => i.InspectedAtUtc ?? i.SubmittedAtUtc)!;
            var at = last.InspectedAtUtc ?? last.SubmittedAtUtc!.Value;
            return (last.FailedItems().Count, Math.Max(0, (int)(now.UtcDateTime - at).TotalDays));
        });
    }

    /// <summary>
    /// Days of the window, through today, on which a community's checkpoint duty roster leaves a gap (值守排班缺口, A1). Only
    /// communities that uploaded a roster count: a day without any roster is shown on the roster pages, not guessed at here.
    /// </summary>
    public async Task<Dictionary<string, int>> DutyRosterGapsAsync(string prefix, DateOnly today, int windowDays, CancellationToken ct)
    {
        var summaries = await DutyRosters.DutyRosterQueries.GapDaysUnderAsync(db, rosters, prefix, today.AddDays(1 - windowDays), today, ct);
        return summaries.Where(s => s.Value.GapDays > 0).ToDictionary(s => s.Key, s => s.Value.GapDays, StringComparer.Ordinal);
    }

    /// <summary>Residents' reports (群众监督) received about each community since <paramref name="since"/>, open or closed.</summary>
    public async Task<Dictionary<string, int>> ResidentReportsAsync(string prefix, DateTimeOffset since, CancellationToken ct)
    {
        var counts = await ResidentReports.ResidentReportQueries.CountsUnderAsync(db, prefix, since.UtcDateTime, ct);
        return counts.ToDictionary(c => c.Key, c => c.Value.Total, StringComparer.Ordinal);
    }
}
