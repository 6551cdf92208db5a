using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Appeals;

/// <summary>
/// An appeal as people and API clients read it; <c>NoticeNumber</c> is its 申诉复核决定书 once decided; <c>Evidence</c> the files the community
/// gave with it (申诉材料), oldest first.
/// </summary>
public sealed record AppealView(Guid Id, Place Place, AppealSubject Subject, string SubjectName, string SubjectKey, string SubjectLabel,
    DateOnly DecidedOn, DateOnly LastDay, string Reasons, DateTime FiledAtUtc, string FiledByName, AppealState State, string StateName,
    DateTime? DecidedAtUtc, string? DecidedByName, string? DecisionReasons, string? NoticeNumber, string WhoDecides,
    IReadOnlyList<EvidenceApi.EvidenceView> Evidence, int Version);

/// <summary>A decision the community may still appeal (申诉对象).</summary>
public sealed record AppealCandidate(AppealSubject Subject, string Key, string Label, DateTime DecidedAtUtc);

/// <summary>Appeals, scoped like everything else by the actor's division code inside the query itself (decision 0003).</summary>
public sealed class AppealQueries(WuyiDbContext db, DynamicQueries places, Scales.ScaleCatalog scales, TimeProvider time)
{
    /// <summary>The appeals in the actor's subtree (narrowed by <paramref name="community"/>), newest first; <paramref name="decidedOnly"/>: those decided.</summary>
    public async Task<Paged<AppealView>> ListAsync(Actor actor, string? community, AppealState? state, int page, int pageSize, CancellationToken ct,
        bool decidedOnly = false)
    {
        var scope = actor.Narrow(community);
        var q = db.Appeals.AsNoTracking().Under(a => a.CommunityCode, scope);
        if (state is { } s) q = q.Where(a => a.State == s);
        if (decidedOnly) q = q.Where(a => a.State != AppealState.Open);
        var size = Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(a => a.FiledAtUtc).ThenBy(a => a.Id).Skip((Math.Max(1, page) - 1) * size).Take(size).ToListAsync(ct);
        return new(await ViewsAsync(items, ct), Math.Max(1, page), size, total);
    }

    public async Task<AppealView> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var a = await db.Appeals.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null || !actor.Covers(a.CommunityCode)) throw new NotFoundException("找不到该申诉");
        return (await ViewsAsync([a], ct))[0];
    }

    /// <summary>The appeals of one decision (a veto, a complaint, an application), newest first, for its page.</summary>
    public async Task<IReadOnlyList<AppealView>> OfAsync(Actor actor, AppealSubject subject, string key, CancellationToken ct)
    {
        var items = await db.Appeals.AsNoTracking().Under(a => a.CommunityCode, actor.DivisionCode)
            .Where(a => a.Subject == subject && a.SubjectKey == key).OrderByDescending(a => a.FiledAtUtc).ToListAsync(ct);
        return await ViewsAsync(items, ct);
    }

    /// <summary>Open appeals the actor may decide (an official) or waits on (a community), for the menu and the to-do page.</summary>
    public Task<int> OpenCountAsync(Actor actor, CancellationToken ct)
    {
        var q = db.Appeals.AsNoTracking().Under(a => a.CommunityCode, actor.DivisionCode).Where(a => a.State == AppealState.Open);
        if (actor.Role == ProgrammeRole.District) q = q.Where(a => a.Subject != AppealSubject.Veto); // the city decides vetoes
        return q.CountAsync(ct);
    }

    /// <summary>
    /// What the community may still appeal today, for its 提出申诉 page: live vetoes, counted 12345 complaints and rejected applications whose
    /// period (the scale in force now; the step itself checks the decision's own) has not run out, with none open already.
    /// </summary>
    public async Task<IReadOnlyList<AppealCandidate>> CandidatesAsync(Actor community, CancellationToken ct)
    {
        var code = community.DivisionCode;
        var now = time.GetUtcNow();
        var today = Domain.Common.ProgrammeClock.DateOf(now);
        var rule = (await scales.InForceAsync(db, today, ct)).Appeals;
        var since = now.AddDays(-rule.Days - 1).UtcDateTime;
        var open = (await db.Appeals.AsNoTracking().Where(a => a.CommunityCode == code && a.OpenKey != null).Select(a => a.OpenKey!).ToListAsync(ct)).ToHashSet();
        var list = new List<AppealCandidate>();
        foreach (var v in await db.Vetoes.AsNoTracking().Where(v => v.CommunityCode == code && v.AnnulledAtUtc == null && v.ClearedAtUtc == null && v.RecordedAtUtc >= since)
                     .ToListAsync(ct))
            list.Add(new(AppealSubject.Veto, v.Id.ToString(), v.PublicReason, v.RecordedAtUtc)); // shown after its kind (一票否决：…)
        var complaints = await db.HotlineComplaints.AsNoTracking()
            .Where(c => c.CommunityCode == code && c.EpidemicRelated && c.WaivedByAppealId == null && c.ImportedAtUtc >= since).ToListAsync(ct);
        foreach (var c in complaints.Where(c => c.ToFact().AnsweredLate(now) || c.FollowUp == Domain.Rules.FollowUpResult.Dissatisfied))
            list.Add(new(AppealSubject.Complaint, c.Number, $"12345诉求 {c.Number}（{Domain.Common.FormalDate.OfUtc(c.ReceivedAtUtc)}受理）", c.ImportedAtUtc));
        foreach (var a in await db.Applications.AsNoTracking().Where(a => a.CommunityCode == code && a.State == ApplicationState.Rejected && a.UpdatedAtUtc >= since)
                     .ToListAsync(ct))
            list.Add(new(AppealSubject.Score, a.Id.ToString(), $"申报 {a.CaseNumber} 区级评定不通过", a.UpdatedAtUtc));
        return list.Where(c => !open.Contains(Appeal.KeyFor(c.Subject, c.Key))
                               && rule.LastDay(Domain.Common.ProgrammeClock.DateOf(Domain.Common.ProgrammeClock.FromUtc(c.DecidedAtUtc))) >= today)
            .OrderByDescending(c => c.DecidedAtUtc).ToList();
    }

    private async Task<List<AppealView>> ViewsAsync(IReadOnlyList<Appeal> items, CancellationToken ct)
    {
        var where = await places.PlacesAsync(items.Select(a => a.CommunityCode), ct);
        var ids = items.Select(a => a.Id).ToList();
        var numbers = await db.Notices.AsNoTracking().Where(n => n.Kind == NoticeKind.AppealDecision && ids.Contains(n.SubjectId))
            .ToDictionaryAsync(n => n.SubjectId, n => n.Number, ct);
        var files = EvidenceService.InOrder(await db.EvidenceFiles.AsNoTracking().Where(e => e.AppealId != null && ids.Contains(e.AppealId.Value)).ToListAsync(ct))
            .ToLookup(e => e.AppealId!.Value, EvidenceApi.View);
        return items.Select(a => new AppealView(a.Id, where[a.CommunityCode], a.Subject, Appeal.SubjectName(a.Subject), a.SubjectKey, a.SubjectLabel,
            a.DecidedOn, a.LastDay, a.Reasons, a.FiledAtUtc, a.FiledByName, a.State, Appeal.StateName(a.State), a.DecidedAtUtc, a.DecidedByName,
            a.DecisionReasons, numbers.GetValueOrDefault(a.Id), AppealRules.WhoDecides(a.Subject), files[a.Id].ToList(), a.Version)).ToList();
    }
}
