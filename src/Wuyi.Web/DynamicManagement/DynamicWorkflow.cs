using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.DynamicManagement;

/// <summary>
/// Every step of dynamic management (动态管理), for the API and the pages alike: load what the step touches
/// inside the actor's subtree (404 otherwise), let <see cref="Domain.Dynamic.DynamicManagement"/> decide, save once.
/// One save is one transaction, so a revocation, the public list's version and the history move together.
/// </summary>
public sealed class DynamicWorkflow(WuyiDbContext db, ScaleCatalog scales, TimeProvider time)
{
    public async Task<Veto> RecordVetoAsync(Actor actor, VetoReport report, CancellationToken ct)
    {
        var code = report.CommunityCode?.Trim() ?? "";
        await RequireCommunityInScopeAsync(actor, code, ct);
        var standing = await db.Certifications.FirstOrDefaultAsync(c => c.ActiveForCommunity == code, ct);
        var open = await db.Applications.Include(a => a.History).FirstOrDefaultAsync(a => a.OpenForCommunity == code, ct);
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == code, ct);
        var outcome = await CommitAsync(() => Domain.Dynamic.DynamicManagement.RecordVeto(actor, report with { CommunityCode = code }, standing, open, task, time.GetUtcNow()), ct);
        return outcome.Veto!;
    }

    /// <summary>The city annuls a veto recorded by mistake; what it caused goes back to a decision.</summary>
    public async Task<Veto> AnnulVetoAsync(Actor actor, Guid id, string? reason, CancellationToken ct)
    {
        var veto = await VetoInScopeAsync(actor, id, ct);
        // A title the veto revoked is this veto's to restore only while the community holds no newer one.
        var certifiedSince = await db.Certifications.AnyAsync(c => c.ActiveForCommunity == veto.CommunityCode, ct);
        var revoked = certifiedSince ? null : await db.Certifications.FirstOrDefaultAsync(c => c.RevokedByVetoId == id && c.ActiveForCommunity == null, ct);
        var suspended = await db.Applications.Include(a => a.History)
            .FirstOrDefaultAsync(a => a.SuspendedByVetoId == id && a.State == ApplicationState.Suspended, ct);
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == veto.CommunityCode, ct);
        // The open task is this veto's consequence only when no other live veto stands behind it.
        var others = await db.Vetoes.AnyAsync(v => v.CommunityCode == veto.CommunityCode && v.Id != id && v.AnnulledAtUtc == null && v.ClearedAtUtc == null, ct);
        var openKey = ReEvaluation.KeyFor(veto.CommunityCode, ReEvaluationCause.VetoAnnulled);
        var openDecision = await db.ReEvaluations.FirstOrDefaultAsync(r => r.OpenKey == openKey, ct);
        await CommitAsync(() => Domain.Dynamic.DynamicManagement.AnnulVeto(actor, veto, reason, revoked, suspended, others ? null : task, time.GetUtcNow(),
            openDecision), ct);
        return veto;
    }

    public async Task<RectificationTask> ReportRectificationAsync(Actor actor, Guid id, int? version, string? report, string? evidence, CancellationToken ct)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        await CommitAsync(() => new DynamicOutcome([task.ReportFixed(actor, report, evidence, time.GetUtcNow())]), ct);
        return task;
    }

    public async Task<RectificationTask> AcceptRectificationAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        var vetoes = await db.Vetoes.Where(v => v.CommunityCode == task.CommunityCode && v.AnnulledAtUtc == null && v.ClearedAtUtc == null).ToListAsync(ct);
        await CommitAsync(() => Domain.Dynamic.DynamicManagement.AcceptRectification(actor, task, comment, vetoes, time.GetUtcNow()), ct);
        return task;
    }

    public async Task<RectificationTask> SendBackRectificationAsync(Actor actor, Guid id, int? version, string? reason, DateOnly? newDeadline, CancellationToken ct)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        await CommitAsync(() => new DynamicOutcome([task.SendBack(actor, reason, newDeadline, time.GetUtcNow())]), ct);
        return task;
    }

    public async Task<ReEvaluation> DecideAsync(Actor actor, Guid id, int? version, ReEvaluationDecision decision, string? comment, DateOnly? rectificationDeadline, CancellationToken ct)
    {
        var item = await db.ReEvaluations.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (item is null || !actor.Covers(item.CommunityCode)) throw new NotFoundException("找不到该重新评定事项");
        if (version is { } seen && seen != item.Version) throw Stale();
        var code = item.CommunityCode;
        var certification = item.CertificationId is { } cid
            ? await db.Certifications.FirstOrDefaultAsync(c => c.Id == cid, ct)
            : await db.Certifications.FirstOrDefaultAsync(c => c.ActiveForCommunity == code, ct);
        var suspended = item.ApplicationId is { } aid
            ? await db.Applications.Include(a => a.History).FirstOrDefaultAsync(a => a.Id == aid, ct)
            : null;
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == code, ct);
        var live = await db.Vetoes.Where(v => v.CommunityCode == code && v.AnnulledAtUtc == null && v.ClearedAtUtc == null).ToListAsync(ct);
        await CommitAsync(() => Domain.Dynamic.DynamicManagement.Decide(actor, item, decision, comment, certification, suspended, task, live,
            rectificationDeadline, time.GetUtcNow()), ct);
        return item;
    }

    /// <summary>
    /// Judges standing titles of these communities again with the complaints on record now; each that now
    /// fails goes onto its district's re-evaluation queue with the complaints that put it there.
    /// </summary>
    public async Task<int> RecheckHotlineStandingAsync(Actor actor, IReadOnlyCollection<string> communityCodes, CancellationToken ct)
    {
        if (communityCodes.Count == 0) return 0;
        var now = time.GetUtcNow();
        var codes = communityCodes.Distinct().ToList();
        var titles = await StandingTitlesAsync(db.Certifications.Where(c => c.ActiveForCommunity != null && codes.Contains(c.CommunityCode)), ct);
        return await QueueFailingAsync(actor, ReEvaluationCause.HotlineDeductions, titles, now, async (t, scale, passMarks, complaints) =>
        {
            var e = Domain.Dynamic.DynamicManagement.Recheck(scale, passMarks, t.CommunityCode, t.Scores, complaints, now);
            return e.Passes || !e.FailureReasons.Contains(FailureReason.BelowPassMark) ? ((Explanation?, string)?)null
                : (e, $"12345诉求扣 {ScaleVersion.Format(e.DeductionTotal)} 分后总分 {ScaleVersion.Format(e.Total)} 分，低于 {ScaleVersion.Format(e.PassMark.Value)} 分的达标线（工单 {string.Join("、", e.Deductions.Select(d => d.ComplaintNumber).Distinct())}）");
        }, ct);
    }

    /// <summary>
    /// 调整达标分数线: the city publishes a new pass mark for a scale version from a date on. Past decisions keep
    /// the explanation they were made on; the standing titles the new mark would fail are queued for their districts.
    /// </summary>
    public async Task<(PassMarkChange Change, int Queued)> ChangePassMarkAsync(Actor actor, string? scaleVersionId, decimal value, DateOnly effectiveFrom, string? reason, CancellationToken ct)
    {
        if (actor.Role != ProgrammeRole.City) throw DomainException.Forbidden("wrong-role", "只有市社区防控组可以调整达标分数线");
        var now = time.GetUtcNow();
        var scale = string.IsNullOrWhiteSpace(scaleVersionId)
            ? await scales.InForceAsync(db, ProgrammeClock.DateOf(now), ct)
            : await db.ScaleVersions.AnyAsync(s => s.Id == scaleVersionId, ct)
                ? await scales.GetAsync(db, scaleVersionId, ct)
                : throw new NotFoundException($"找不到量表版本 {scaleVersionId}");
        var mark = PassMarkSchedule.RequireValidChange(value, effectiveFrom, ProgrammeClock.DateOf(now), scale.Total);
        var text = TextLimits.PassMarkReason.Required(reason, "请填写调整理由");
        if (await db.PassMarkChanges.AnyAsync(p => p.ScaleVersionId == scale.Id && p.EffectiveFrom == effectiveFrom, ct))
            throw DomainException.Conflict("pass-mark-duplicate-date", $"{effectiveFrom:yyyy-MM-dd} 已有一条达标分数线调整");

        var change = new PassMarkChange
        {
            Id = Guid.CreateVersion7(now), ScaleVersionId = scale.Id, EffectiveFrom = mark.EffectiveFrom, Value = mark.Value,
            SetByUserId = actor.UserId, SetByName = actor.Name, SetAtUtc = now.UtcDateTime, Reason = text,
        };
        db.PassMarkChanges.Add(change);
        db.ProgrammeEvents.Add(ProgrammeEvent.Of(ProgrammeEventKind.PassMarkChanged, null, actor, now,
            $"量表“{scale.Name}”的达标分数线自 {effectiveFrom:yyyy-MM-dd} 起调整为 {ScaleVersion.Format(value)} 分：{text}", change.Id));

        // Judged as it will stand on the day the change takes effect, with the complaints on record now.
        var asOf = effectiveFrom > ProgrammeClock.DateOf(now) ? ProgrammeClock.StartOf(effectiveFrom) : now;
        var titles = await StandingTitlesAsync(db.Certifications.Where(c => c.ActiveForCommunity != null), ct);
        var queued = await QueueFailingAsync(actor, ReEvaluationCause.PassMarkChange, titles.Where(t => t.ScaleVersionId == scale.Id).ToList(), asOf,
            (t, s, passMarks, complaints) =>
            {
                var schedule = new PassMarkSchedule(passMarks.Marks.Where(m => m.EffectiveFrom != mark.EffectiveFrom).Append(mark));
                var e = Domain.Dynamic.DynamicManagement.Recheck(s, schedule, t.CommunityCode, t.Scores, complaints, asOf);
                return Task.FromResult<(Explanation?, string)?>(e.Passes || !e.FailureReasons.Contains(FailureReason.BelowPassMark) ? null
                    : (e, $"达标分数线自 {effectiveFrom:yyyy-MM-dd} 起调整为 {ScaleVersion.Format(value)} 分，按认定时的区级评分计总分 {ScaleVersion.Format(e.Total)} 分，将低于新达标线"));
            }, ct, saveWith: true);
        return (change, queued);
    }

    /// <summary>
    /// 发布新版量表: the city publishes a new scale version (validated, immutable once on record) from a date on.
    /// Applications keep the version they started under; standing titles whose certifying scores the new
    /// version would fail, or cannot judge because its indicators differ, are queued for their districts.
    /// </summary>
    public async Task<(ScaleVersionRecord Record, int Queued)> PublishScaleAsync(Actor actor, string? definition, CancellationToken ct)
    {
        if (actor.Role != ProgrammeRole.City) throw DomainException.Forbidden("wrong-role", "只有市社区防控组可以发布量表");
        var now = time.GetUtcNow();
        ScaleVersion scale;
        try
        {
            scale = ScaleVersion.Parse(definition ?? "");
        }
        catch (ScaleDefinitionException ex)
        {
            throw DomainException.Invalid("scale-invalid", ex.Message, new Dictionary<string, string[]> { ["definition"] = [.. ex.Faults] });
        }
        if (scale.EffectiveFrom < ProgrammeClock.DateOf(now))
            throw DomainException.Invalid("scale-effective-past", "新版量表的生效日期不能早于今天：已作出的评定不受新版量表影响",
                new Dictionary<string, string[]> { ["effectiveFrom"] = ["生效日期不能早于今天"] });
        if (await db.ScaleVersions.AnyAsync(s => s.Id == scale.Id, ct))
            throw DomainException.Conflict("scale-exists", $"量表版本 {scale.Id} 已存在：已发布的版本不能修改，请使用新的版本编号");

        var record = new ScaleVersionRecord { Id = scale.Id, Name = scale.Name, EffectiveFrom = scale.EffectiveFrom, Definition = definition!, LoadedAtUtc = now.UtcDateTime };
        db.ScaleVersions.Add(record);
        db.ProgrammeEvents.Add(ProgrammeEvent.Of(ProgrammeEventKind.ScalePublished, null, actor, now,
            $"发布量表“{scale.Name}”（{scale.Id}），自 {scale.EffectiveFrom:yyyy-MM-dd} 起施行，达标分数线 {ScaleVersion.Format(scale.PassMark)} 分"));

        var asOf = scale.EffectiveFrom > ProgrammeClock.DateOf(now) ? ProgrammeClock.StartOf(scale.EffectiveFrom) : now;
        var passMarks = PassMarkSchedule.For(scale);
        var titles = await StandingTitlesAsync(db.Certifications.Where(c => c.ActiveForCommunity != null), ct);
        var queued = await QueueFailingAsync(actor, ReEvaluationCause.ScaleChange, titles, asOf, (t, _, _, complaints) =>
        {
            if (scale.CheckScores(t.Scores, complete: true).Count > 0)
                return Task.FromResult<(Explanation?, string)?>((null, $"认定时的区级评分与新版量表“{scale.Name}”的指标或分值不一致，需按新版量表重新评定"));
            var e = Domain.Dynamic.DynamicManagement.Recheck(scale, passMarks, t.CommunityCode, t.Scores, complaints, asOf);
            return Task.FromResult<(Explanation?, string)?>(e.Passes ? null
                : (e, $"按新版量表“{scale.Name}”，认定时的区级评分计总分 {ScaleVersion.Format(e.Total)} 分，未达标：{string.Join("；", e.Reasons())}"));
        }, ct, saveWith: true, judgeUnscored: true);
        return (record, queued);
    }

    /// <summary>The whole story of a community, oldest first: its applications' steps and every dynamic-management event.</summary>
    public async Task<IReadOnlyList<StoryEntry>> StoryAsync(Actor? actor, string code, bool publicOnly, CancellationToken ct)
    {
        if (actor is not null && !actor.Covers(code)) throw new NotFoundException("找不到该社区（村）");
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
        _ => "title",
    };

    public async Task<Veto> VetoInScopeAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var veto = await db.Vetoes.FirstOrDefaultAsync(v => v.Id == id, ct);
        return veto is not null && actor.Covers(veto.CommunityCode) ? veto : throw new NotFoundException("找不到该否决事项");
    }

    private async Task<RectificationTask> TaskInScopeAsync(Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !actor.Covers(task.CommunityCode)) throw new NotFoundException("找不到该整改任务");
        if (version is { } seen && seen != task.Version) throw Stale();
        return task;
    }

    private async Task RequireCommunityInScopeAsync(Actor actor, string code, CancellationToken ct)
    {
        if (code.Length != 12 || !code.All(char.IsAsciiDigit))
            throw DomainException.Invalid("community-code-invalid", $"“{code}”不是社区（村）的 12 位区划代码",
                new Dictionary<string, string[]> { ["communityCode"] = ["请填写 12 位社区（村）区划代码"] });
        if (!actor.Covers(code) || !await db.Divisions.AnyAsync(d => d.Code == code, ct))
            throw new NotFoundException($"找不到区划代码为 {code} 的社区（村），或不在您的管辖范围内");
    }

    /// <summary>A standing title with the district scores it was certified on.</summary>
    private sealed record StandingTitle(Guid CertificationId, string CommunityCode, string ScaleVersionId, IReadOnlyDictionary<string, decimal> Scores);

    private async Task<List<StandingTitle>> StandingTitlesAsync(IQueryable<Certification> certifications, CancellationToken ct) =>
        (await (from c in certifications.AsNoTracking()
                join a in db.Applications.AsNoTracking() on c.ApplicationId equals a.Id
                select new { c.Id, c.CommunityCode, a.ScaleVersionId, a.DistrictScores }).ToListAsync(ct))
        .Select(x => new StandingTitle(x.Id, x.CommunityCode, x.ScaleVersionId, x.DistrictScores)).ToList();

    /// <summary>Opens a re-evaluation for each title the check fails, unless one for the same cause is already open.</summary>
    private async Task<int> QueueFailingAsync(Actor actor, ReEvaluationCause cause, IReadOnlyList<StandingTitle> titles, DateTimeOffset asOf,
        Func<StandingTitle, ScaleVersion, PassMarkSchedule, IReadOnlyCollection<HotlineComplaint>, Task<(Explanation? Explanation, string Detail)?>> check,
        CancellationToken ct, bool saveWith = false, bool judgeUnscored = false)
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
            if (!judgeUnscored && scale.CheckScores(title.Scores, complete: true).Count > 0) continue; // not judged on these scores: nothing to compare
            if (await check(title, scale, passMarks, complaints.GetValueOrDefault(title.CommunityCode, [])) is not { } failed) continue;
            var (item, opened) = ReEvaluation.Open(actor, cause, title.CommunityCode, failed.Detail, failed.Explanation, title.CertificationId, null, null, now);
            db.ReEvaluations.Add(item);
            db.ProgrammeEvents.Add(opened);
            queued++;
        }
        if (queued > 0 || saveWith) await SaveAsync(ct);
        return queued;
    }

    private async Task<DynamicOutcome> CommitAsync(Func<DynamicOutcome> step, CancellationToken ct)
    {
        try
        {
            var outcome = step();
            if (outcome.Veto is { } veto) db.Vetoes.Add(veto);
            if (outcome.NewTask is { } task) db.RectificationTasks.Add(task);
            if (outcome.NewReEvaluation is { } item) db.ReEvaluations.Add(item);
            db.ProgrammeEvents.AddRange(outcome.Events);
            await SaveAsync(ct);
            return outcome;
        }
        catch
        {
            db.ChangeTracker.Clear(); // a refused step shows the database's truth next
            throw;
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            throw DomainException.Conflict("conflict", "操作与他人同时进行的操作冲突（例如该社区（村）已被重新认定或已有进行中的事项），请刷新后重试");
        }
    }

    private static DomainException Stale() => DomainException.Conflict("stale", "该事项已被他人更新，您看到的不是最新内容，请刷新后重试");
}

/// <summary>One line of a community's story (whole history), for people and for the API.</summary>
public sealed record StoryEntry(DateTime AtUtc, string What, string? Summary, string? ActorName, string? ActorRole, string Subject, Guid? SubjectId, int Sequence);
