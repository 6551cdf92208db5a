using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Notices;
using Wuyi.Web.Scales;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Inspections;

/// <summary>
/// Every step of 督导检查, for the API and the pages alike: load inside the actor's subtree (404 otherwise), let the domain
/// decide, save once. A municipal inspection notice goes through <see cref="DynamicWorkflow.RecordVetoAsync"/> — the same
/// veto path as one typed in by hand — with the inspection closed in the same transaction, so the title is revoked in
/// the request that issues it.
/// </summary>
public sealed class InspectionWorkflow(WuyiDbContext db, DynamicWorkflow dynamic, NoticeIssuer notices, InspectionQueries queries, ScaleCatalog scales,
    RiskModelCatalog models, EvidenceService evidence, TimeProvider time)
{
    /// <summary>The most photos one inspection keeps; one save takes at most <see cref="MaxPhotosPerSave"/>.</summary>
    public const int MaxPhotos = 30;

    public const int MaxPhotosPerSave = 10;

    public long MaxPhotoBytes => evidence.MaxBytes;

    private readonly StepCommit commit = new(db,
        stale: "该检查已被他人更新，您看到的不是最新内容，请刷新后重试",
        conflict: "操作与他人同时进行的操作冲突，请刷新后重试");

    /// <summary>
    /// Plans spot checks of the chosen communities of the actor's subtree on one day, assigned to one inspector; each keeps the
    /// risk score and reasons it had on the list. All or none.
    /// </summary>
    public async Task<IReadOnlyList<Inspection>> PlanAsync(Actor actor, IReadOnlyCollection<string> communityCodes, string? inspectorUserId, DateOnly? plannedOn,
        CancellationToken ct)
    {
        Permissions.Require(actor, Permission.PlanInspection);
        var codes = communityCodes.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count == 0)
            throw DomainException.Invalid("nothing-selected", "请至少选择一个社区（村）", new Dictionary<string, string[]> { ["communityCodes"] = ["请至少选择一个社区（村）"] });
        foreach (var code in codes) // outside the subtree a community does not exist: 404 before anything else is looked at
            if (!actor.Covers(code) || !await db.Divisions.AnyAsync(d => d.Code == code && d.Level == Domain.Divisions.DivisionLevel.Community, ct))
                throw new NotFoundException($"找不到区划代码为 {code} 的社区（村），或不在您的管辖范围内");
        if (plannedOn is null)
            throw DomainException.Invalid("reason-required", "请填写计划检查日期", new Dictionary<string, string[]> { ["plannedOn"] = ["请填写计划检查日期"] });
        var user = string.IsNullOrWhiteSpace(inspectorUserId) ? null
            : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == inspectorUserId && u.DisabledAtUtc == null, ct);
        if (user is null)
            throw DomainException.Invalid("inspector-invalid", "请选择检查人员", new Dictionary<string, string[]> { ["inspector"] = ["请选择检查人员"] });
        var inspector = new Actor(user.Id, user.DisplayName, user.Role, user.DivisionCode);
        var now = time.GetUtcNow();
        var today = ProgrammeClock.DateOf(now);
        var list = await queries.RiskListAsync(actor, null, ct);
        var scale = await ScaleCatalog.InForceIdAsync(db, today, ct);
        var model = models.InForce(today);
        return await commit.RunAsync(() =>
        {
            var planned = codes.Select(code =>
            {
                var row = list.Rows.FirstOrDefault(r => r.Place.Community.Code == code);
                return Inspection.Plan(actor, code, inspector, plannedOn.Value, row?.Score ?? 0, row?.ReasonsText ?? "不在风险排序名单中（未认定、未申报）",
                    model.Id, scale, now);
            }).ToList();
            db.Inspections.AddRange(planned);
            return Task.FromResult<IReadOnlyList<Inspection>>(planned);
        }, ct);
    }

    /// <summary>
    /// The inspector saves the form (a draft) or submits it, with any new photos: every photo is checked first (a refusal names
    /// the file), then the record and the photos commit together, or nothing does (no file stays without its row).
    /// </summary>
    public async Task<Inspection> SaveAsync(Actor actor, Guid id, int? version, InspectionReport report, IReadOnlyList<(byte[] Bytes, string? Name)> photos,
        bool submit, CancellationToken ct)
    {
        var inspection = await InScopeAsync(actor, id, version, ct);
        var scale = await scales.GetAsync(db, inspection.ScaleVersionId, ct);
        if (photos.Count > MaxPhotosPerSave) throw PhotoRefused(null, $"一次最多上传 {MaxPhotosPerSave} 张照片", "too-many-photos");
        var already = await evidence.CountAsync(EvidenceOf.Inspection, id, ct);
        if (already + photos.Count > MaxPhotos) throw PhotoRefused(null, $"每次检查最多保存 {MaxPhotos} 张照片", "too-many-photos");
        var accepted = evidence.Check(photos, (name, reason) => PhotoRefused(name, reason, "inspection-photo-invalid"), "检查照片", photosOnly: true);
        using var staged = evidence.Stage();
        var done = await commit.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            if (submit) inspection.Submit(actor, report, scale, now);
            else inspection.SaveDraft(actor, report, scale, now);
            await staged.AddAsync(actor, new EvidenceSubject(EvidenceOf.Inspection, id, inspection.CommunityCode), accepted, ct);
            return inspection;
        }, ct);
        staged.Keep();
        return done;
    }

    /// <summary>A photo refused: which one and why, beside the photo input; the record is not saved either.</summary>
    public static DomainException PhotoRefused(string? fileName, string reason, string code = "inspection-photo-invalid")
    {
        var message = fileName is null
            ? $"{reason}。检查记录未保存，请重新选择照片"
            : $"照片“{RequestFile.SafeName(fileName)}”未能上传：{reason}。检查记录未保存，请重新选择照片";
        return DomainException.Invalid(code, message, new Dictionary<string, string[]> { ["photos"] = [message] });
    }

    /// <summary>What deciding this inspection would do, in words naming the community; changes nothing.</summary>
    public async Task<StepConsequences> PreviewDecisionAsync(Actor actor, Guid id, int? version, InspectionOutcome outcome, string? comment,
        DateOnly? deadline, string? documentReference, CancellationToken ct)
    {
        var inspection = await InScopeAsync(actor, id, version, ct);
        if (outcome == InspectionOutcome.InspectionNotice)
        {
            inspection.CheckDecide(actor, outcome, comment);
            var scale = await scales.GetAsync(db, inspection.ScaleVersionId, ct);
            return InspectionNoticeSaid.Of(await dynamic.PreviewVetoAsync(actor, inspection.NoticeReport(documentReference, deadline, scale), ct));
        }
        var task = await db.RectificationTasks.AsNoTracking().FirstOrDefaultAsync(t => t.OpenForCommunity == inspection.CommunityCode, ct);
        return await DescribeAsync(InspectionRules.Preview(actor, inspection, outcome, comment, task, deadline, time.GetUtcNow()), ct);
    }

    /// <summary>
    /// Decides the inspection: nothing; a rectification of its failed items (with a 整改通知书); or — the city only — a
    /// municipal inspection notice, recorded as the one-vote veto with this inspection as its source: the title is revoked,
    /// the public list changes and the community is told to rectify, all in this request.
    /// </summary>
    public async Task<Inspection> DecideAsync(Actor actor, Guid id, int? version, InspectionOutcome outcome, string? comment, DateOnly? deadline,
        string? documentReference, CancellationToken ct, Action<StepConsequences>? done = null)
    {
        var inspection = await InScopeAsync(actor, id, version, ct);
        var scale = await scales.GetAsync(db, inspection.ScaleVersionId, ct);
        if (outcome == InspectionOutcome.InspectionNotice)
        {
            inspection.CheckDecide(actor, outcome, comment); // every refusal of the inspection's own before the veto's
            await dynamic.RecordVetoAsync(actor, inspection.NoticeReport(documentReference, deadline, scale), ct,
                said => done?.Invoke(InspectionNoticeSaid.Of(said)),
                (veto, now) => db.ProgrammeEvents.Add(inspection.Decide(actor, outcome, comment, now, vetoId: veto.Id)));
            return inspection;
        }
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == inspection.CommunityCode, ct);
        await using var turn = outcome == InspectionOutcome.Rectification ? await notices.TurnAsync(inspection.CommunityCode, ct) : null;
        var result = await commit.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            var decided = InspectionRules.Decide(actor, inspection, outcome, comment, task, deadline, scale, now);
            if (decided.NewTask is { } opened) db.RectificationTasks.Add(opened);
            db.ProgrammeEvents.AddRange(decided.Events);
            await notices.IssueAsync(actor, decided.NoticeDrafts, now, ct);
            return decided;
        }, ct);
        if (done is not null && result.Consequences is { } consequences) done(await DescribeAsync(consequences, ct));
        return inspection;
    }

    private async Task<StepConsequences> DescribeAsync(IConsequences consequences, CancellationToken ct)
    {
        var code = consequences.CommunityCode;
        var name = await db.Divisions.AsNoTracking().Where(d => d.Code == code).Select(d => d.Name).FirstOrDefaultAsync(ct);
        return consequences.Describe(name ?? code);
    }

    private async Task<Inspection> InScopeAsync(Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var inspection = await db.Inspections.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (inspection is null || !actor.Covers(inspection.CommunityCode)) throw new NotFoundException("找不到该督导检查");
        commit.RequireVersion(version, inspection.Version);
        return inspection;
    }
}
