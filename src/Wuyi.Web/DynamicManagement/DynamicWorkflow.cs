using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Notices;

namespace Wuyi.Web.DynamicManagement;

/// <summary>
/// Every step of dynamic management (动态管理), for the API and the pages alike: load what the step touches
/// inside the actor's subtree (404 otherwise), let <see cref="DynamicRules"/> decide, save once.
/// One save is one transaction, so a revocation, the public list's version, the history and the notices (通知书) that
/// announce it move together.
/// </summary>
public sealed class DynamicWorkflow(WuyiDbContext db, StandingRecheck recheck, NoticeIssuer notices, TimeProvider time)
{
    private readonly StepCommit commit = new(db,
        stale: "该事项已被他人更新，您看到的不是最新内容，请刷新后重试",
        conflict: "操作与他人同时进行的操作冲突（例如该社区（村）已被重新认定或已有进行中的事项），请刷新后重试");

    // Every step below has a preview: the same loading and the same rules, asked what the step would do (DynamicRules.Preview…),
    // nothing saved. A step tells what it did through `done`, in the same words (the page's message afterwards).

    /// <summary>What recording this veto would do, in words naming the community; changes nothing.</summary>
    public async Task<StepConsequences> PreviewVetoAsync(Actor actor, VetoReport report, CancellationToken ct)
    {
        var (code, standing, open, task) = await LoadForVetoAsync(actor, report, ct);
        return await DescribeAsync(DynamicRules.PreviewVeto(actor, report with { CommunityCode = code }, standing, open, task, time.GetUtcNow()), ct);
    }

    /// <param name="alongside">A change recorded with the veto in the same transaction: the inspection a 市级检查通报 closes.</param>
    public async Task<Veto> RecordVetoAsync(Actor actor, VetoReport report, CancellationToken ct, Action<StepConsequences>? done = null,
        Action<Veto, DateTimeOffset>? alongside = null)
    {
        var (code, standing, open, task) = await LoadForVetoAsync(actor, report, ct);
        var outcome = await CommitAsync(actor, code, now =>
        {
            var recorded = DynamicRules.RecordVeto(actor, report with { CommunityCode = code }, standing, open, task, now);
            alongside?.Invoke(recorded.Veto!, now);
            return recorded;
        }, ct);
        await TellAsync(outcome, done, ct);
        return outcome.Veto!;
    }

    private async Task<(string Code, Certification? Standing, Domain.Applications.Application? Open, RectificationTask? Task)> LoadForVetoAsync(Actor actor,
        VetoReport report, CancellationToken ct)
    {
        var code = report.CommunityCode?.Trim() ?? "";
        await RequireCommunityInScopeAsync(actor, code, ct);
        var standing = await db.Certifications.FirstOrDefaultAsync(c => c.ActiveForCommunity == code, ct);
        var open = await db.Applications.Include(a => a.History).FirstOrDefaultAsync(a => a.OpenForCommunity == code, ct);
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == code, ct);
        return (code, standing, open, task);
    }

    /// <summary>What annulling this veto would do; changes nothing.</summary>
    public async Task<StepConsequences> PreviewAnnulmentAsync(Actor actor, Guid id, string? reason, CancellationToken ct)
    {
        var (veto, revoked, suspended, task, openDecision) = await LoadForAnnulmentAsync(actor, id, ct);
        return await DescribeAsync(DynamicRules.PreviewAnnulment(actor, veto, reason, revoked, suspended, task, openDecision), ct);
    }

    /// <summary>The city annuls a veto recorded by mistake; what it caused goes back to a decision.</summary>
    public async Task<Veto> AnnulVetoAsync(Actor actor, Guid id, string? reason, CancellationToken ct, Action<StepConsequences>? done = null)
    {
        var (veto, revoked, suspended, task, openDecision) = await LoadForAnnulmentAsync(actor, id, ct);
        var outcome = await CommitAsync(actor, null, now => DynamicRules.AnnulVeto(actor, veto, reason, revoked, suspended, task, now, openDecision), ct);
        await TellAsync(outcome, done, ct);
        return veto;
    }

    private async Task<(Veto Veto, Certification? Revoked, Domain.Applications.Application? Suspended, RectificationTask? Task, ReEvaluation? OpenDecision)>
        LoadForAnnulmentAsync(Actor actor, Guid id, CancellationToken ct)
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
        return (veto, revoked, suspended, others ? null : task, openDecision);
    }

    public async Task<RectificationTask> ReportRectificationAsync(Actor actor, Guid id, int? version, string? report, string? evidence, CancellationToken ct)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        await CommitAsync(actor, null, now => new DynamicOutcome([task.ReportFixed(actor, report, evidence, now)]), ct);
        return task;
    }

    /// <summary>What accepting this rectification would do; changes nothing.</summary>
    public async Task<StepConsequences> PreviewAcceptanceAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        var vetoes = await LiveVetoesAsync(task.CommunityCode, ct);
        return await DescribeAsync(DynamicRules.PreviewAcceptance(actor, task, comment, vetoes, time.GetUtcNow()), ct);
    }

    public async Task<RectificationTask> AcceptRectificationAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        var vetoes = await LiveVetoesAsync(task.CommunityCode, ct);
        var outcome = await CommitAsync(actor, task.CommunityCode, now => DynamicRules.AcceptRectification(actor, task, comment, vetoes, now), ct);
        await TellAsync(outcome, done, ct);
        return task;
    }

    /// <summary>What sending this rectification back would do; changes nothing.</summary>
    public async Task<StepConsequences> PreviewSendBackAsync(Actor actor, Guid id, int? version, string? reason, DateOnly? newDeadline, CancellationToken ct)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        return await DescribeAsync(task.PreviewSendBack(actor, reason, newDeadline, time.GetUtcNow()), ct);
    }

    public async Task<RectificationTask> SendBackRectificationAsync(Actor actor, Guid id, int? version, string? reason, DateOnly? newDeadline, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var task = await TaskInScopeAsync(actor, id, version, ct);
        var outcome = await CommitAsync(actor, task.CommunityCode, now => DynamicRules.SendBackRectification(actor, task, reason, newDeadline, now), ct);
        await TellAsync(outcome, done, ct);
        return task;
    }

    /// <summary>What this re-evaluation decision would do; changes nothing.</summary>
    public async Task<StepConsequences> PreviewDecisionAsync(Actor actor, Guid id, int? version, ReEvaluationDecision decision, string? comment,
        DateOnly? rectificationDeadline, CancellationToken ct)
    {
        var (item, certification, suspended, task, live) = await LoadForDecisionAsync(actor, id, version, ct);
        return await DescribeAsync(DynamicRules.PreviewDecision(actor, item, decision, comment, certification, suspended, task, live,
            rectificationDeadline, time.GetUtcNow()), ct);
    }

    public async Task<ReEvaluation> DecideAsync(Actor actor, Guid id, int? version, ReEvaluationDecision decision, string? comment, DateOnly? rectificationDeadline,
        CancellationToken ct, Action<StepConsequences>? done = null)
    {
        var (item, certification, suspended, task, live) = await LoadForDecisionAsync(actor, id, version, ct);
        var outcome = await CommitAsync(actor, decision == ReEvaluationDecision.Revoke ? item.CommunityCode : null,
            now => DynamicRules.Decide(actor, item, decision, comment, certification, suspended, task, live, rectificationDeadline, now), ct);
        await TellAsync(outcome, done, ct);
        return item;
    }

    private async Task<(ReEvaluation Item, Certification? Certification, Domain.Applications.Application? Suspended, RectificationTask? Task, List<Veto> Live)>
        LoadForDecisionAsync(Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var item = await db.ReEvaluations.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (item is null || !actor.Covers(item.CommunityCode)) throw new NotFoundException("找不到该重新评定事项");
        commit.RequireVersion(version, item.Version);
        var code = item.CommunityCode;
        var certification = item.CertificationId is { } cid
            ? await db.Certifications.FirstOrDefaultAsync(c => c.Id == cid, ct)
            : await db.Certifications.FirstOrDefaultAsync(c => c.ActiveForCommunity == code, ct);
        var suspended = item.ApplicationId is { } aid
            ? await db.Applications.Include(a => a.History).FirstOrDefaultAsync(a => a.Id == aid, ct)
            : null;
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == code, ct);
        var live = await LiveVetoesAsync(code, ct);
        return (item, certification, suspended, task, live);
    }

    private Task<List<Veto>> LiveVetoesAsync(string code, CancellationToken ct) =>
        db.Vetoes.Where(v => v.CommunityCode == code && v.AnnulledAtUtc == null && v.ClearedAtUtc == null).ToListAsync(ct);

    /// <summary>The consequences in words, naming the community as the division tree does.</summary>
    private async Task<StepConsequences> DescribeAsync(IConsequences consequences, CancellationToken ct)
    {
        var code = consequences.CommunityCode;
        var name = await db.Divisions.AsNoTracking().Where(d => d.Code == code).Select(d => d.Name).FirstOrDefaultAsync(ct);
        return consequences.Describe(name ?? code);
    }

    private async Task TellAsync(DynamicOutcome outcome, Action<StepConsequences>? done, CancellationToken ct)
    {
        if (done is not null && outcome.Consequences is { } consequences) done(await DescribeAsync(consequences, ct));
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
        var titles = await recheck.StandingTitlesAsync(codes, ct);
        var queued = await recheck.QueueFailingAsync(actor, ReEvaluationCause.HotlineDeductions, titles, now,
            (t, scale, passMarks, complaints) => Finding.AfterComplaints(scale, passMarks, t.CommunityCode, t.Scores, complaints, now), ct);
        if (queued > 0) await commit.SaveAsync(ct);
        return queued;
    }

    public async Task<Veto> VetoInScopeAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var veto = await db.Vetoes.FirstOrDefaultAsync(v => v.Id == id, ct);
        return veto is not null && actor.Covers(veto.CommunityCode) ? veto : throw new NotFoundException("找不到该否决事项");
    }

    private async Task<RectificationTask> TaskInScopeAsync(Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !actor.Covers(task.CommunityCode)) throw new NotFoundException("找不到该整改任务");
        commit.RequireVersion(version, task.Version);
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

    /// <summary>
    /// Adds what the step created, with its history and the notices it announces, and saves it once. A step that may announce
    /// something to <paramref name="announcesTo"/> takes that community's district's notice-numbering turn first and holds
    /// it until the save has committed, so that two steps never give one number.
    /// </summary>
    private async Task<DynamicOutcome> CommitAsync(Actor actor, string? announcesTo, Func<DateTimeOffset, DynamicOutcome> step, CancellationToken ct)
    {
        await using var turn = announcesTo is null ? null : await notices.TurnAsync(announcesTo, ct);
        return await commit.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            var outcome = step(now);
            if (outcome.Veto is { } veto) db.Vetoes.Add(veto);
            if (outcome.NewTask is { } task) db.RectificationTasks.Add(task);
            if (outcome.NewReEvaluation is { } item) db.ReEvaluations.Add(item);
            db.ProgrammeEvents.AddRange(outcome.Events);
            await notices.IssueAsync(actor, outcome.NoticeDrafts, now, ct);
            return outcome;
        }, ct);
    }
}
