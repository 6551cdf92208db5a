using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement;

public sealed record Place(DivisionRef Community, DivisionRef Street, DivisionRef District);

/// <summary>A veto as people and API clients read it; <c>InspectionId</c> is the inspection a 市级检查通报 was issued on (its source), if any.</summary>
public sealed record VetoView(Guid Id, Place Place, VetoKind Kind, string KindName, DateTime OccurredAtUtc, string Source, string Description,
    string? DocumentReference, DateTime RecordedAtUtc, string RecordedByName, DateTime? AnnulledAtUtc, string? AnnulmentReason,
    DateTime? ClearedAtUtc, string StatusName, Guid? InspectionId);

public sealed record RectificationView(Guid Id, Place Place, string Reason, DateTime OpenedAtUtc, DateOnly Deadline, RectificationState State,
    string StateName, bool Overdue, string? Report, string? Evidence, DateTime? ReportedAtUtc, int Returns, string? DecisionComment,
    DateTime? ClosedAtUtc, int Version);

public sealed record ReEvaluationView(Guid Id, Place Place, ReEvaluationCause Cause, string CauseName, string Detail, Explanation? Explanation,
    ReEvaluationState State, string StateName, IReadOnlyList<ReEvaluationDecision> Decisions, DateTime OpenedAtUtc, DateTime? DecidedAtUtc,
    string? DecidedByName, string? Comment, int Version);

/// <summary>A public dynamic adjustment (动态调整): a revocation or a restoration, with its public reason.</summary>
public sealed record Adjustment(DateTime AtUtc, DateOnly On, Place Place, string What, string Reason);

/// <summary>Dynamic management on the to-do page: open and overdue rectification, open re-evaluations, and a community's own task.</summary>
public sealed record DynamicWork(int OpenTasks, int OverdueTasks, int ReportedTasks, int OpenReEvaluations, RectificationView? OwnTask);

/// <summary>A title that no longer stands (已取消认定), with its public reason.</summary>
public sealed record RevokedTitle(int BatchNumber, DateOnly CertifiedOn, DateTime RevokedAtUtc, string? Reason, string Number);

/// <summary>One line of a community's story (whole history), for people and for the API.</summary>
public sealed record StoryEntry(DateTime AtUtc, string What, string? Summary, string? ActorName, string? ActorRole, string Subject, Guid? SubjectId, int Sequence);

/// <summary>Read models of dynamic management, scoped like everything else by the actor's division code.</summary>
public sealed class DynamicQueries(WuyiDbContext db, TimeProvider time)
{
    public async Task<Paged<VetoView>> VetoesAsync(Actor actor, string? community, bool? live, int page, int pageSize, CancellationToken ct)
    {
        var scope = actor.Narrow(community);
        var q = db.Vetoes.AsNoTracking().Under(v => v.CommunityCode, scope);
        if (live == true) q = q.Where(v => v.AnnulledAtUtc == null && v.ClearedAtUtc == null);
        if (live == false) q = q.Where(v => v.AnnulledAtUtc != null || v.ClearedAtUtc != null);
        var (items, total) = await PageAsync(q.OrderByDescending(v => v.RecordedAtUtc).ThenBy(v => v.Id), page, pageSize, ct);
        var places = await PlacesAsync(items.Select(v => v.CommunityCode), ct);
        return new(items.Select(v => ToView(v, places[v.CommunityCode])).ToList(), Math.Max(1, page), Size(pageSize), total);
    }

    public async Task<VetoView> VetoAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var v = await db.Vetoes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (v is null || !actor.Covers(v.CommunityCode)) throw new Infrastructure.NotFoundException("找不到该否决事项");
        return ToView(v, (await PlacesAsync([v.CommunityCode], ct))[v.CommunityCode]);
    }

    public async Task<Paged<RectificationView>> RectificationsAsync(Actor actor, string? community, RectificationState? state, bool overdueOnly, int page, int pageSize, CancellationToken ct)
    {
        var scope = actor.Narrow(community);
        var today = ProgrammeClock.DateOf(time.GetUtcNow());
        var q = db.RectificationTasks.AsNoTracking().Under(t => t.CommunityCode, scope);
        if (state is { } s) q = q.Where(t => t.State == s);
        if (overdueOnly) q = q.Where(t => t.State == RectificationState.Open && t.Deadline < today);
        var (items, total) = await PageAsync(q.OrderBy(t => t.State).ThenBy(t => t.Deadline).ThenBy(t => t.CommunityCode).ThenBy(t => t.Id), page, pageSize, ct);
        var places = await PlacesAsync(items.Select(t => t.CommunityCode), ct);
        return new(items.Select(t => ToView(t, places[t.CommunityCode], today)).ToList(), Math.Max(1, page), Size(pageSize), total);
    }

    public async Task<RectificationView> RectificationAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var t = await db.RectificationTasks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null || !actor.Covers(t.CommunityCode)) throw new Infrastructure.NotFoundException("找不到该整改任务");
        return ToView(t, (await PlacesAsync([t.CommunityCode], ct))[t.CommunityCode], ProgrammeClock.DateOf(time.GetUtcNow()));
    }

    public async Task<Paged<ReEvaluationView>> ReEvaluationsAsync(Actor actor, string? community, bool openOnly, int page, int pageSize, CancellationToken ct)
    {
        var scope = actor.Narrow(community);
        var q = db.ReEvaluations.AsNoTracking().Under(r => r.CommunityCode, scope);
        if (openOnly) q = q.Where(r => r.State == ReEvaluationState.Open);
        var (items, total) = await PageAsync(q.OrderBy(r => r.State).ThenBy(r => r.CommunityCode).ThenBy(r => r.OpenedAtUtc).ThenBy(r => r.Id), page, pageSize, ct);
        var places = await PlacesAsync(items.Select(r => r.CommunityCode), ct);
        return new(items.Select(r => ToView(r, places[r.CommunityCode])).ToList(), Math.Max(1, page), Size(pageSize), total);
    }

    public async Task<ReEvaluationView> ReEvaluationAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var r = await db.ReEvaluations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || !actor.Covers(r.CommunityCode)) throw new Infrastructure.NotFoundException("找不到该重新评定事项");
        return ToView(r, (await PlacesAsync([r.CommunityCode], ct))[r.CommunityCode]);
    }

    /// <summary>
    /// The application a re-evaluation is about, for the official deciding it: the one its title was granted on (Certified),
    /// or the one a veto suspended; null when it names neither. The caller has checked the item is in its subtree.
    /// </summary>
    public async Task<(Guid Id, bool Certified)?> ApplicationBehindAsync(Guid reEvaluationId, CancellationToken ct)
    {
        var behind = await (
                from r in db.ReEvaluations.AsNoTracking()
                where r.Id == reEvaluationId
                from c in db.Certifications.Where(c => c.Id == r.CertificationId).DefaultIfEmpty()
                select new { Granted = (Guid?)c!.ApplicationId, Suspended = r.ApplicationId })
            .FirstOrDefaultAsync(ct);
        return behind?.Granted is { } granted ? (granted, true)
            : behind?.Suspended is { } suspended ? (suspended, false)
            : null;
    }

    /// <summary>Revocations and restorations, newest first: the public "dynamic adjustments" list.</summary>
    public async Task<Paged<Adjustment>> AdjustmentsAsync(string programme, int page, int pageSize, CancellationToken ct)
    {
        var q = db.ProgrammeEvents.AsNoTracking().Under(e => e.CommunityCode!, programme)
            .Where(e => (e.Kind == ProgrammeEventKind.TitleRevoked || e.Kind == ProgrammeEventKind.TitleRestored
                         || (e.Kind == ProgrammeEventKind.AppealDecided && e.PublicSummary != null)) && e.CommunityCode != null); // a veto's appeal, decided
        var (items, total) = await PageAsync(q.OrderByDescending(e => e.AtUtc).ThenBy(e => e.Id), page, pageSize, ct);
        var places = await PlacesAsync(items.Select(e => e.CommunityCode!), ct);
        return new(items.Select(e => new Adjustment(e.AtUtc, ProgrammeClock.DateOf(ProgrammeClock.FromUtc(e.AtUtc)), places[e.CommunityCode!],
            e.Kind switch { ProgrammeEventKind.TitleRevoked => "取消认定", ProgrammeEventKind.AppealDecided => "申诉复核", _ => "恢复认定" },
            e.PublicSummary ?? "")).ToList(), Math.Max(1, page), Size(pageSize), total);
    }

    /// <summary>What dynamic management waits for at the actor's level, for the to-do page (待办).</summary>
    public async Task<DynamicWork> WorkAsync(Actor actor, CancellationToken ct)
    {
        var scope = actor.DivisionCode;
        var today = ProgrammeClock.DateOf(time.GetUtcNow());
        var tasks = await db.RectificationTasks.AsNoTracking()
            .Under(t => t.CommunityCode, scope).Where(t => t.OpenForCommunity != null)
            .GroupBy(t => t.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Overdue = g.Count(t => t.State == RectificationState.Open && t.Deadline < today) })
            .ToListAsync(ct);
        var reEvaluations = actor.Role.Allows(Permission.ReEvaluate)
            ? await db.ReEvaluations.AsNoTracking().Under(r => r.CommunityCode, scope).CountAsync(r => r.State == ReEvaluationState.Open, ct)
            : 0;
        RectificationView? own = null;
        if (actor.Role == ProgrammeRole.Community)
        {
            // The open task if there is one, else the latest closed one (so the community sees how it ended).
            var t = await db.RectificationTasks.AsNoTracking().FirstOrDefaultAsync(x => x.OpenForCommunity == scope, ct)
                    ?? await db.RectificationTasks.AsNoTracking().Where(x => x.CommunityCode == scope).OrderByDescending(x => x.OpenedAtUtc).FirstOrDefaultAsync(ct);
            if (t is not null) own = ToView(t, (await PlacesAsync([t.CommunityCode], ct))[t.CommunityCode], today);
        }
        int Count(RectificationState s) => tasks.FirstOrDefault(x => x.State == s)?.Count ?? 0;
        return new DynamicWork(Count(RectificationState.Open), tasks.Sum(x => x.Overdue), Count(RectificationState.Reported), reEvaluations, own);
    }

    /// <summary>The community's last revoked title when none stands now (取消认定), for the public community page.</summary>
    public async Task<RevokedTitle?> RevokedTitleAsync(string code, CancellationToken ct)
    {
        if (await db.Certifications.AsNoTracking().AnyAsync(c => c.ActiveForCommunity == code, ct)) return null;
        var last = await db.Certifications.AsNoTracking().Where(c => c.CommunityCode == code && c.RevokedAtUtc != null)
            .OrderByDescending(c => c.RevokedAtUtc).FirstOrDefaultAsync(ct);
        return last is null ? null : new RevokedTitle(last.BatchNumber, last.CertifiedOn, last.RevokedAtUtc!.Value, last.RevocationReason, last.Number);
    }

    /// <summary>The whole story of a community, oldest first: its applications' steps and every dynamic-management event.</summary>
    public async Task<IReadOnlyList<StoryEntry>> StoryAsync(Actor? actor, string code, bool publicOnly, CancellationToken ct)
    {
        if (actor is not null && !actor.Covers(code)) throw new Infrastructure.NotFoundException("找不到该社区（村）");
        var steps = await (from t in db.ApplicationTransitions.AsNoTracking()
                           join a in db.Applications on t.ApplicationId equals a.Id
                           where a.CommunityCode == code && (!publicOnly || t.Action == ApplicationAction.Publish)
                           select new { t.AtUtc, t.Action, t.Comment, t.ActorName, t.ActorRole, a.Id, t.Sequence }).ToListAsync(ct);
        var events = await db.ProgrammeEvents.AsNoTracking()
            .Where(e => e.CommunityCode == code && (!publicOnly || e.PublicSummary != null))
            .ToListAsync(ct);
        return steps.Select(s => (Entry: new StoryEntry(s.AtUtc, ApplicationStates.Name(s.Action),
                    publicOnly ? $"列入{s.Comment}无疫社区（村）名单" : s.Comment, publicOnly ? null : s.ActorName,
                    publicOnly ? null : Actor.RoleName(s.ActorRole), "application", s.Id, s.Sequence), Rank: 0))
            .Concat(events.Select(e => (Entry: new StoryEntry(e.AtUtc, ProgrammeEvent.Name(e.Kind), publicOnly ? e.PublicSummary : e.Summary,
                publicOnly ? null : e.ActorName, publicOnly ? null : Actor.RoleName(e.ActorRole), Kind(e.Kind), e.SubjectId, 0), Rank: Rank(e.Kind))))
            .OrderBy(x => x.Entry.AtUtc).ThenBy(x => x.Entry.Sequence).ThenBy(x => x.Rank).Select(x => x.Entry).ToList();
    }

    /// <summary>
    /// One step writes several events at the same instant and the database keeps no order among them:
    /// the cause first, then the title, the application, the rectification, and last what is queued.
    /// </summary>
    private static int Rank(ProgrammeEventKind k) => k switch
    {
        ProgrammeEventKind.TitleRevoked or ProgrammeEventKind.TitleRestored => 1,
        ProgrammeEventKind.ApplicationSuspended or ProgrammeEventKind.ApplicationResumed => 2,
        ProgrammeEventKind.RectificationOpened or ProgrammeEventKind.RectificationReported or ProgrammeEventKind.RectificationAccepted
            or ProgrammeEventKind.RectificationReturned or ProgrammeEventKind.RectificationCancelled => 3,
        ProgrammeEventKind.ReEvaluationOpened => 4,
        _ => 0, // a veto recorded or annulled, a decision, a rule change, an import
    };

    private static string Kind(ProgrammeEventKind k) => k switch
    {
        ProgrammeEventKind.VetoRecorded or ProgrammeEventKind.VetoAnnulled => "veto",
        ProgrammeEventKind.RectificationOpened or ProgrammeEventKind.RectificationReported or ProgrammeEventKind.RectificationAccepted
            or ProgrammeEventKind.RectificationReturned or ProgrammeEventKind.RectificationCancelled => "rectification",
        ProgrammeEventKind.ReEvaluationOpened or ProgrammeEventKind.ReEvaluationDecided => "re-evaluation",
        ProgrammeEventKind.ApplicationSuspended or ProgrammeEventKind.ApplicationResumed => "application",
        ProgrammeEventKind.AppealFiled or ProgrammeEventKind.AppealDecided => "appeal",
        ProgrammeEventKind.InspectionDecided => "inspection",
        _ => "title",
    };

    /// <summary>Pass-mark changes on record (达标分数线调整), newest first.</summary>
    public async Task<IReadOnlyList<Scales.PassMarkChange>> PassMarkChangesAsync(CancellationToken ct) =>
        await db.PassMarkChanges.AsNoTracking().OrderByDescending(p => p.SetAtUtc).ToListAsync(ct);

    /// <summary>Community, street and district names for codes, in one query.</summary>
    public async Task<Dictionary<string, Place>> PlacesAsync(IEnumerable<string> communityCodes, CancellationToken ct)
    {
        var codes = communityCodes.Distinct().ToList();
        var all = codes.Concat(codes.Where(c => c.Length == 12).Select(c => c[..9])).Concat(codes.Where(c => c.Length >= 6).Select(c => c[..6])).Distinct().ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => all.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        string Name(string c) => names.GetValueOrDefault(c, "");
        return codes.ToDictionary(c => c, c => new Place(new(c, Name(c)), new(c[..Math.Min(9, c.Length)], Name(c[..Math.Min(9, c.Length)])),
            new(c[..Math.Min(6, c.Length)], Name(c[..Math.Min(6, c.Length)]))));
    }

    private static int Size(int pageSize) => Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);

    private static async Task<(List<T> Items, int Total)> PageAsync<T>(IQueryable<T> q, int page, int pageSize, CancellationToken ct)
    {
        var size = Size(pageSize);
        var total = await q.CountAsync(ct);
        var items = await q.Skip((Math.Max(1, page) - 1) * size).Take(size).ToListAsync(ct);
        return (items, total);
    }

    private static VetoView ToView(Veto v, Place place) => new(v.Id, place, v.Kind, v.KindName, v.OccurredAtUtc, v.Source, v.Description,
        v.DocumentReference, v.RecordedAtUtc, v.RecordedByName, v.AnnulledAtUtc, v.AnnulmentReason, v.ClearedAtUtc,
        v.AnnulledAtUtc is not null ? "已撤销" : v.ClearedAtUtc is not null ? "已整改验收" : "有效", v.InspectionId);

    private static RectificationView ToView(RectificationTask t, Place place, DateOnly today) => new(t.Id, place, t.Reason, t.OpenedAtUtc, t.Deadline,
        t.State, RectificationTask.Name(t.State), t.IsOverdue(today), t.Report, t.Evidence, t.ReportedAtUtc, t.Returns, t.DecisionComment, t.ClosedAtUtc, t.Version);

    private static ReEvaluationView ToView(ReEvaluation r, Place place) => new(r.Id, place, r.Cause, ReEvaluation.CauseName(r.Cause), r.Detail,
        r.Explanation, r.State, ReEvaluation.StateName(r.State), r.Decisions, r.OpenedAtUtc, r.DecidedAtUtc, r.DecidedByName, r.Comment, r.Version);
}
