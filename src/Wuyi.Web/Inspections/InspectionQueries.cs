using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Inspections;

/// <summary>One row of the risk-ranked list: the community, where it stands, its score and reasons, and its next planned inspection.</summary>
/// <summary><c>ResidentReports</c>: the residents' reports about it in the model's window, the leads an inspector may want to read first.</summary>
public sealed record RiskRow(int Rank, Place Place, string Standing, decimal Score, IReadOnlyList<string> Reasons, DateOnly? PlannedOn, int ResidentReports)
{
    public string ReasonsText => Reasons.Count == 0 ? "无风险信号" : string.Join("；", Reasons);
}

/// <summary>The risk-ranked list (风险排序) of a subtree, with the model it was ranked by and the signals not yet counted.</summary>
public sealed record RiskList(string ModelId, string ModelName, IReadOnlyList<RiskRow> Rows, IReadOnlyList<string> NotYetAvailable,
    IReadOnlyList<SignalWeightView> Weights);

/// <summary>A signal of the model in force and its weight, as the list explains it.</summary>
public sealed record SignalWeightView(string Signal, string Weight, bool Available);

public sealed record InspectionPhotoView(Guid Id, string FileName, EvidenceKind Kind, long Length, string Sha256, DateTime UploadedAtUtc);

public sealed record InspectionView(Guid Id, Place Place, InspectionState State, string StateName, DateOnly PlannedOn, DateTime PlannedAtUtc,
    string PlannedByName, string InspectorUserId, string InspectorName, string RiskModelId, decimal RiskScore, string RiskReasons, string ScaleVersionId,
    DateTime? InspectedAtUtc, string? Address, decimal? Latitude, decimal? Longitude, IReadOnlyList<CheckpointCheck> Checkpoints,
    IReadOnlyList<IndicatorCheck> Indicators, string? Summary, DateTime? SubmittedAtUtc, InspectionOutcome? Outcome, string? OutcomeName,
    DateTime? DecidedAtUtc, string? DecidedByName, string? DecisionComment, Guid? RectificationTaskId, Guid? VetoId, IReadOnlyList<string> FailedItems,
    IReadOnlyList<InspectionPhotoView> Photos, int Version)
{
    /// <summary>What the community's duty roster says of each checkpoint at the time of the inspection (A1); empty without a roster.</summary>
    public IReadOnlyList<RosterAtCheckpoint> Roster { get; init; } = [];
}

/// <summary>Who the duty roster had on duty at a checkpoint when it was inspected; <see cref="Contradicts"/> when it was found unstaffed.</summary>
public sealed record RosterAtCheckpoint(string Checkpoint, IReadOnlyList<DutyRosters.OnDuty> OnDuty, bool Contradicts);

/// <summary>An official who may be assigned an inspection of a community.</summary>
public sealed record Inspector(string UserId, string Name, ProgrammeRole Role, string DivisionCode);

/// <summary>The reads of 督导检查, each scoped to the actor's subtree inside the query.</summary>
public sealed class InspectionQueries(WuyiDbContext db, RiskSignalsQuery signals, RiskModelCatalog models, DynamicQueries places, Scales.ScaleCatalog scales,
    EvidenceService evidence, TimeProvider time)
{
    /// <summary>The communities of the actor's subtree (narrowed by <paramref name="within"/>) ranked by risk, highest first, ties by code.</summary>
    public async Task<RiskList> RiskListAsync(Actor actor, string? within, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.PlanInspection);
        var prefix = actor.Narrow(within);
        var now = time.GetUtcNow();
        var today = ProgrammeClock.DateOf(now);
        var model = models.InForce(today);
        var scale = await scales.InForceAsync(db, today, ct);
        var candidates = prefix == Actor.NoDivision ? [] : await signals.CandidatesAsync(prefix, today, ct);
        var hotline = await signals.HotlineAsync(prefix, model.WindowDays, scale.Hotline, now, ct);
        var last = await signals.LastInspectionsAsync(prefix, now, ct);
        var gaps = await signals.DutyRosterGapsAsync(prefix, today, model.WindowDays, ct);
        var reports = await signals.ResidentReportsAsync(prefix, now.AddDays(-model.WindowDays), ct);
        var facts = candidates.Select(c =>
        {
            var h = hotline.GetValueOrDefault(c.CommunityCode);
            var l = last.TryGetValue(c.CommunityCode, out var x) ? x : ((int, int)?)null;
            return new RiskFacts(c.CommunityCode, h.Epidemic, h.Late, h.Dissatisfied, h.Deducted, c.Margin, l?.Item1, l?.Item2,
                gaps.GetValueOrDefault(c.CommunityCode), reports.GetValueOrDefault(c.CommunityCode));
        });
        var ranked = RiskRanking.Rank(model, facts, RiskSignalsQuery.NotYetAvailable);
        var planned = await db.Inspections.AsNoTracking().Under(i => i.CommunityCode, prefix)
            .Where(i => i.State == InspectionState.Planned || i.State == InspectionState.InProgress)
            .GroupBy(i => i.CommunityCode).Select(g => new { g.Key, On = g.Min(i => i.PlannedOn) }).ToDictionaryAsync(x => x.Key, x => x.On, ct);
        var standing = candidates.ToDictionary(c => c.CommunityCode, c => c.Standing);
        var where = await places.PlacesAsync(ranked.Select(r => r.CommunityCode), ct);
        var rows = ranked.Select((r, n) => new RiskRow(n + 1, where[r.CommunityCode], standing[r.CommunityCode], r.Score,
            r.Reasons.Select(x => x.ToString()).ToList(), planned.TryGetValue(r.CommunityCode, out var on) ? on : null,
            reports.GetValueOrDefault(r.CommunityCode))).ToList();
        return new RiskList(model.Id, model.Name, rows, RiskSignalsQuery.NotYetAvailable.Order().Select(RiskModel.SignalName).ToList(),
            Enum.GetValues<RiskSignal>().Select(s => new SignalWeightView(RiskModel.SignalName(s),
                $"每项 {RiskModel.Points(model.WeightOf(s).PerUnit)} 分，最多 {RiskModel.Points(model.WeightOf(s).Cap)} 分",
                !RiskSignalsQuery.NotYetAvailable.Contains(s))).ToList());
    }

    /// <summary>The inspections in the actor's subtree, newest plan first; <paramref name="mine"/> only those assigned to the actor.</summary>
    public async Task<Paged<InspectionView>> InspectionsAsync(Actor actor, string? within, InspectionState? state, bool mine, int page, int pageSize,
        CancellationToken ct)
    {
        var q = db.Inspections.AsNoTracking().Under(i => i.CommunityCode, actor.Narrow(within));
        if (state is { } s) q = q.Where(i => i.State == s);
        if (mine) q = q.Where(i => i.InspectorUserId == actor.UserId);
        var size = Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var number = Math.Max(1, page);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(i => i.PlannedOn).ThenBy(i => i.CommunityCode).ThenBy(i => i.Id)
            .Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var where = await places.PlacesAsync(items.Select(i => i.CommunityCode), ct);
        return new Paged<InspectionView>(items.Select(i => ToView(i, where[i.CommunityCode], [], null)).ToList(), number, size, total);
    }

    public async Task<InspectionView> InspectionAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var i = await db.Inspections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null || !actor.Covers(i.CommunityCode)) throw new NotFoundException("找不到该督导检查");
        var photos = await evidence.OfAsync(EvidenceOf.Inspection, id, ct);
        var scale = await scales.GetAsync(db, i.ScaleVersionId, ct);
        return ToView(i, (await places.PlacesAsync([i.CommunityCode], ct))[i.CommunityCode], photos, scale) with { Roster = await RosterAtAsync(i, ct) };
    }

    /// <summary>The inspection compared with the roster: for each checkpoint found, who was on duty by the roster at that moment.</summary>
    private async Task<IReadOnlyList<RosterAtCheckpoint>> RosterAtAsync(Inspection i, CancellationToken ct)
    {
        if (i.InspectedAtUtc is not { } at || i.Checkpoints.Count == 0) return [];
        var instant = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        var onDuty = await DutyRosters.DutyRosterQueries.WhoWasOnDutyByCheckpointAsync(db, i.CommunityCode, instant, ct);
        // Nobody on duty anywhere: a community without any roster is not compared at all.
        if (onDuty.Count == 0 && !await db.DutyShifts.AnyAsync(s => s.CommunityCode == i.CommunityCode, ct)) return [];
        return
        [
            .. i.Checkpoints.Select(c =>
            {
                IReadOnlyList<DutyRosters.OnDuty> held = [.. onDuty[DutyRosterRules.Normalize(c.Name)]];
                return new RosterAtCheckpoint(c.Name, held, held.Count > 0 && !c.Staffed);
            }),
        ];
    }

    /// <summary>The officials who may be assigned inspections in the actor's subtree: district and city accounts over it, enabled.</summary>
    public async Task<List<Inspector>> InspectorsAsync(Actor actor, CancellationToken ct)
    {
        var roles = Permissions.RolesFor(Permission.ConductInspection).ToList();
        var scope = actor.DivisionCode;
        var users = await db.Users.AsNoTracking().Where(u => u.DisabledAtUtc == null && roles.Contains(u.Role))
            .Select(u => new Inspector(u.Id, u.DisplayName, u.Role, u.DivisionCode)).ToListAsync(ct);
        // Over the actor's node (the city's) or under it (a district of the city's subtree): someone who can reach its communities.
        return users.Where(u => Domain.Divisions.DivisionCode.Covers(u.DivisionCode, scope) || Domain.Divisions.DivisionCode.Covers(scope, u.DivisionCode))
            .OrderBy(u => u.DivisionCode, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A photo of an inspection in the actor's subtree (404 otherwise).</summary>
    public async Task<EvidenceFile> PhotoAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var photo = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.InspectionId != null, ct);
        return photo is not null && actor.Covers(photo.CommunityCode) ? photo : throw new NotFoundException("找不到该检查照片");
    }

    /// <summary>The inspection a veto was issued on (its source), if any, in the actor's subtree.</summary>
    public async Task<InspectionView?> SourceOfVetoAsync(Actor actor, Guid? inspectionId, CancellationToken ct) =>
        inspectionId is { } id ? await InspectionAsync(actor, id, ct) : null;

    internal static InspectionView ToView(Inspection i, Place place, IReadOnlyList<EvidenceFile> photos, Domain.Scales.ScaleVersion? scale) =>
        new(i.Id, place, i.State, Inspection.Name(i.State), i.PlannedOn, i.PlannedAtUtc, i.PlannedByName, i.InspectorUserId, i.InspectorName, i.RiskModelId,
            i.RiskScore, i.RiskReasons, i.ScaleVersionId, i.InspectedAtUtc, i.Place, i.Latitude, i.Longitude, i.Checkpoints, i.Indicators, i.Summary,
            i.SubmittedAtUtc, i.Outcome, i.Outcome is { } o ? Inspection.Name(o) : null, i.DecidedAtUtc, i.DecidedByName, i.DecisionComment,
            i.RectificationTaskId, i.VetoId, i.FailedItems(scale),
            photos.Select(p => new InspectionPhotoView(p.Id, p.FileName, p.Kind, p.Length, p.Sha256, p.UploadedAtUtc)).ToList(), i.Version);
}
