using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Scales;

namespace Wuyi.Web.DynamicManagement;

/// <summary>
/// Standing titles (已认定) judged again after new 12345 complaints or a change of the rules: each that now fails goes
/// onto its district's re-evaluation queue with the finding that put it there. Adds to the context; the caller saves,
/// so the queue moves with what caused it.
/// </summary>
public sealed class StandingRecheck(WuyiDbContext db, ScaleCatalog scales, TimeProvider time)
{
    /// <summary>A standing title with the district scores it was certified on.</summary>
    public sealed record StandingTitle(Guid CertificationId, string CommunityCode, string ScaleVersionId, IReadOnlyDictionary<string, decimal> Scores);

    /// <summary>The titles standing now: of these communities, or of all when <paramref name="communityCodes"/> is null.</summary>
    public async Task<List<StandingTitle>> StandingTitlesAsync(IReadOnlyCollection<string>? communityCodes, CancellationToken ct)
    {
        var standing = db.Certifications.AsNoTracking().Where(c => c.ActiveForCommunity != null);
        if (communityCodes is not null) standing = standing.Where(c => communityCodes.Contains(c.CommunityCode));
        return (await (from c in standing
                       join a in db.Applications.AsNoTracking() on c.ApplicationId equals a.Id
                       select new { c.Id, c.CommunityCode, a.ScaleVersionId, a.DistrictScores }).ToListAsync(ct))
            .Select(x => new StandingTitle(x.Id, x.CommunityCode, x.ScaleVersionId, x.DistrictScores)).ToList();
    }

    /// <summary>
    /// Opens a re-evaluation for each title the check finds failing (given the title's own scale and pass marks and the
    /// complaints on record), unless one for the same cause is already open. Titles whose scores do not fit their own
    /// scale are skipped unless <paramref name="judgeUnscored"/>: there is nothing to compare.
    /// </summary>
    public async Task<int> QueueFailingAsync(Actor actor, ReEvaluationCause cause, IReadOnlyList<StandingTitle> titles, DateTimeOffset asOf,
        Func<StandingTitle, ScaleVersion, PassMarkSchedule, IReadOnlyCollection<HotlineComplaint>, Finding?> check,
        CancellationToken ct, bool judgeUnscored = false)
    {
        var now = time.GetUtcNow();
        var codes = titles.Select(t => t.CommunityCode).ToList();
        var alreadyOpen = (await db.ReEvaluations.AsNoTracking().Where(r => r.OpenKey != null && codes.Contains(r.CommunityCode) && r.Cause == cause)
            .Select(r => r.CommunityCode).ToListAsync(ct)).ToHashSet();
        var windowDays = 0;
        var scaleCache = new Dictionary<string, (ScaleVersion Scale, PassMarkSchedule PassMarks)>();
        foreach (var id in titles.Select(t => t.ScaleVersionId).Distinct())
        {
            var s = await scales.GetAsync(db, id, ct);
            scaleCache[id] = (s, await scales.PassMarksAsync(db, s, ct));
            windowDays = Math.Max(windowDays, s.Hotline.WindowDays);
        }
        var from = asOf.AddDays(-windowDays).UtcDateTime;
        var complaints = (await db.HotlineComplaints.AsNoTracking().Where(c => codes.Contains(c.CommunityCode) && c.ReceivedAtUtc >= from).ToListAsync(ct))
            .GroupBy(c => c.CommunityCode).ToDictionary(g => g.Key, g => (IReadOnlyCollection<HotlineComplaint>)g.Select(c => c.ToFact()).ToList());

        var queued = 0;
        foreach (var title in titles.Where(t => !alreadyOpen.Contains(t.CommunityCode)))
        {
            var (scale, passMarks) = scaleCache[title.ScaleVersionId];
            if (!judgeUnscored && scale.CheckScores(title.Scores, complete: true).Count > 0) continue;
            if (check(title, scale, passMarks, complaints.GetValueOrDefault(title.CommunityCode, [])) is not { } failed) continue;
            var (item, opened) = ReEvaluation.Open(actor, cause, title.CommunityCode, failed.Detail, failed.Explanation, title.CertificationId, null, null, now);
            db.ReEvaluations.Add(item);
            db.ProgrammeEvents.Add(opened);
            queued++;
        }
        return queued;
    }
}
