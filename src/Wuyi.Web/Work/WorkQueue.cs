using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Work;

/// <summary>What waits for an account (待办): the states its role acts on, with counts and what is overdue.</summary>
public sealed class WorkQueue(WuyiDbContext db, ApplicationWorkflow workflow, ApplicationViews views, TimeProvider time, Microsoft.Extensions.Options.IOptions<Infrastructure.WuyiOptions> options)
{
    public sealed record Item(ApplicationState State, string Label, int Count, int Overdue);

    /// <summary>A unit below the account's node; for a street's communities, <c>Standing</c> says where each stands.</summary>
    public sealed record Unit(string Code, string Name, int Communities, int Open, int Certified, string? Standing = null);

    public sealed record Summary(IReadOnlyList<Item> Items, IReadOnlyList<Unit> Units, int DaysToAct, ApplicationSummary? Own, bool OwnCertified);

    /// <summary>The states that wait for this role to act.</summary>
    public static IReadOnlyList<ApplicationState> WaitingFor(ProgrammeRole role) => role switch
    {
        ProgrammeRole.Community => [ApplicationState.Draft, ApplicationState.ReturnedByStreet, ApplicationState.ReturnedByDistrict],
        ProgrammeRole.Street => [ApplicationState.Submitted],
        ProgrammeRole.District => [ApplicationState.Recommended],
        ProgrammeRole.City => [ApplicationState.Approved, ApplicationState.Filed],
        _ => [],
    };

    public int DaysToAct => options.Value.DaysToAct;

    public async Task<Summary> ForAsync(Actor actor, CancellationToken ct)
    {
        var states = WaitingFor(actor.Role);
        var overdueBefore = time.GetUtcNow().AddDays(-DaysToAct).UtcDateTime;
        var counts = await workflow.InScope(actor).AsNoTracking()
            .Where(a => states.Contains(a.State))
            .GroupBy(a => a.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Overdue = g.Count(a => a.UpdatedAtUtc < overdueBefore) })
            .ToListAsync(ct);
        var items = states.Select(s => counts.FirstOrDefault(c => c.State == s) is { } c
            ? new Item(s, ApplicationStates.Name(s), c.Count, c.Overdue)
            : new Item(s, ApplicationStates.Name(s), 0, 0)).ToList();

        ApplicationSummary? own = null;
        var ownCertified = false;
        if (actor.Role == ProgrammeRole.Community)
        {
            // The open application if there is one, else the latest closed one.
            var mine = (await views.ListAsync(actor, null, null, null, 1, ApplicationViews.MaxPageSize, ct)).Items;
            own = mine.FirstOrDefault(i => ApplicationStates.IsOpen(i.State)) ?? mine.MaxBy(i => i.UpdatedAtUtc);
            ownCertified = await db.Certifications.AnyAsync(c => c.ActiveForCommunity == actor.DivisionCode, ct);
        }
        return new Summary(items, await UnitsAsync(actor, ct), DaysToAct, own, ownCertified);
    }

    /// <summary>An inspection waiting for the account (督导检查): one it is to carry out, or one submitted in its subtree to decide.</summary>
    public sealed record InspectionItem(Guid Id, string CommunityCode, string CommunityName, DateOnly PlannedOn, string StateName);

    public sealed record InspectionWork(IReadOnlyList<InspectionItem> Mine, int AwaitingDecision);

    /// <summary>The inspections assigned to the account and not yet submitted (earliest first), and those submitted in its subtree awaiting a decision.</summary>
    public async Task<InspectionWork?> InspectionsAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.Role.Allows(Permission.ConductInspection)) return null;
        var mine = await db.Inspections.AsNoTracking()
            .Where(i => i.InspectorUserId == actor.UserId
                && (i.State == Domain.Supervision.InspectionState.Planned || i.State == Domain.Supervision.InspectionState.InProgress))
            .OrderBy(i => i.PlannedOn).ThenBy(i => i.CommunityCode).Take(20)
            .Select(i => new { i.Id, i.CommunityCode, i.PlannedOn, i.State }).ToListAsync(ct);
        var codes = mine.Select(i => i.CommunityCode).Distinct().ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var awaiting = actor.Role.Allows(Permission.DecideInspection)
            ? await db.Inspections.AsNoTracking().Under(i => i.CommunityCode, actor.DivisionCode)
                .CountAsync(i => i.State == Domain.Supervision.InspectionState.Submitted, ct)
            : 0;
        return new InspectionWork(mine.Select(i => new InspectionItem(i.Id, i.CommunityCode, names.GetValueOrDefault(i.CommunityCode, i.CommunityCode), i.PlannedOn,
            Domain.Supervision.Inspection.Name(i.State))).ToList(), awaiting);
    }

    /// <summary>The units directly below the actor's node with their communities' progress.</summary>
    private async Task<IReadOnlyList<Unit>> UnitsAsync(Actor actor, CancellationToken ct)
    {
        if (actor.Role == ProgrammeRole.Community) return [];
        var childLevel = actor.Role switch
        {
            ProgrammeRole.City => DivisionLevel.District,
            ProgrammeRole.District => DivisionLevel.Street,
            _ => DivisionLevel.Community,
        };
        var length = childLevel switch { DivisionLevel.District => 6, DivisionLevel.Street => 9, _ => 12 };
        var scope = actor.DivisionCode;
        var children = await db.Divisions.AsNoTracking()
            .Under(d => d.Code, scope).Where(d => d.Level == childLevel)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        var communities = await db.Divisions.AsNoTracking()
            .Under(d => d.Code, scope).Where(d => d.Level == DivisionLevel.Community)
            .GroupBy(d => d.Code.Substring(0, length)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var open = await db.Applications.AsNoTracking()
            .Under(a => a.CommunityCode, scope).Where(a => a.OpenForCommunity != null)
            .GroupBy(a => a.CommunityCode.Substring(0, length)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var certified = await db.Certifications.AsNoTracking()
            .Under(c => c.CommunityCode, scope).Where(c => c.ActiveForCommunity != null)
            .GroupBy(c => c.CommunityCode.Substring(0, length)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var standing = childLevel == DivisionLevel.Community ? await StandingAsync(scope, ct) : [];
        return children.Select(c => new Unit(c.Code, c.Name, communities.GetValueOrDefault(c.Code, childLevel == DivisionLevel.Community ? 1 : 0),
            open.GetValueOrDefault(c.Code), certified.GetValueOrDefault(c.Code),
            childLevel == DivisionLevel.Community ? standing.GetValueOrDefault(c.Code, "未申报") : null)).ToList();
    }

    /// <summary>Each community's latest application state, or 已认定 while its title stands.</summary>
    private async Task<Dictionary<string, string>> StandingAsync(string street, CancellationToken ct)
    {
        var latest = (await db.Applications.AsNoTracking().Under(a => a.CommunityCode, street)
                .Select(a => new { a.CommunityCode, a.State, a.CreatedAtUtc }).ToListAsync(ct))
            .GroupBy(a => a.CommunityCode)
            .ToDictionary(g => g.Key, g => ApplicationStates.Name(g.MaxBy(a => a.CreatedAtUtc)!.State));
        foreach (var code in await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, street).Where(c => c.ActiveForCommunity != null).Select(c => c.CommunityCode).ToListAsync(ct))
            latest[code] = "已认定";
        return latest;
    }
}
