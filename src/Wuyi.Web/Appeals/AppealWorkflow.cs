using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Notices;
using Wuyi.Web.Scales;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Appeals;

/// <summary>
/// Appeals (申诉复核), for the API and the pages alike: load the decision appealed inside the actor's subtree (404 otherwise), let
/// <see cref="AppealRules"/> decide, save once — the appeal, what an upheld one undoes through dynamic management, the history and the
/// 申诉复核决定书 in one transaction (docs/decisions/0018).
/// </summary>
public sealed class AppealWorkflow(WuyiDbContext db, ScaleCatalog scales, NoticeIssuer notices, DynamicWorkflow dynamic, EvidenceService evidence,
    TimeProvider time)
{
    private readonly StepCommit commit = new(db,
        stale: "该申诉已被他人更新，您看到的不是最新内容，请刷新后重试",
        conflict: "该事项已有一份待复核的申诉，或与他人同时进行的操作冲突，请刷新后重试");

    /// <summary>
    /// The community appeals one of its decisions (a complaint by its number, a score by the application's id, a veto by its id), with its
    /// reasons and any files as evidence (申诉材料): every file is checked first, then the appeal and its files commit together or not at all.
    /// </summary>
    public async Task<Appeal> FileAsync(Actor actor, AppealSubject subject, string? key, string? reasons, CancellationToken ct,
        IReadOnlyList<(byte[] Bytes, string? Name)>? files = null)
    {
        Permissions.Require(actor, Permission.FileAppeal);
        var decision = await DecisionAsync(actor, subject, key?.Trim() ?? "", ct);
        var openKey = Appeal.KeyFor(decision.Subject, decision.Key);
        var open = await db.Appeals.AnyAsync(a => a.OpenKey == openKey, ct);
        var rule = await RuleAsync(decision, ct);
        files ??= [];
        AppealRules.CheckEvidenceCount(0, files.Count);
        var accepted = evidence.Check(files, (name, reason) => FileRefused(name, reason, "申诉未提交，您填写的理由已保留"), "申诉材料");
        using var staged = evidence.Stage();
        var done = await commit.RunAsync(async () =>
        {
            var (appeal, filed) = AppealRules.File(actor, decision, rule, reasons, open, time.GetUtcNow());
            db.Appeals.Add(appeal);
            db.ProgrammeEvents.Add(filed);
            await staged.AddAsync(actor, new EvidenceSubject(EvidenceOf.Appeal, appeal.Id, appeal.CommunityCode), accepted, ct);
            return appeal;
        }, ct);
        staged.Keep();
        return done;
    }

    /// <summary>The community adds files to its open appeal; the appeal's version moves, so a decider must see them before deciding.</summary>
    public async Task<IReadOnlyList<EvidenceFile>> AddEvidenceAsync(Actor actor, Guid id, int? version, IReadOnlyList<(byte[] Bytes, string? Name)> files,
        CancellationToken ct)
    {
        var appeal = await db.Appeals.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appeal is null || !actor.Covers(appeal.CommunityCode)) throw new NotFoundException("找不到该申诉");
        commit.RequireVersion(version, appeal.Version);
        var already = await evidence.CountAsync(EvidenceOf.Appeal, id, ct);
        AppealRules.MayAddEvidence(actor, appeal, already, files.Count);
        if (files.Count == 0)
            throw DomainException.Invalid("evidence-file-invalid", "请选择要补充的文件", new Dictionary<string, string[]> { ["file"] = ["请选择要补充的文件"] });
        var accepted = evidence.Check(files, (name, reason) => FileRefused(name, reason, "补充材料未保存"), "申诉材料");
        using var staged = evidence.Stage();
        var done = await commit.RunAsync(() =>
        {
            AppealRules.AddEvidence(actor, appeal, already, accepted.Count);
            return staged.AddAsync(actor, new EvidenceSubject(EvidenceOf.Appeal, appeal.Id, appeal.CommunityCode), accepted, ct);
        }, ct);
        staged.Keep();
        return done;
    }

    /// <summary>A file refused: which one and why, beside the file input, and that nothing of the step was kept (<paramref name="notKept"/>).</summary>
    public static DomainException FileRefused(string? fileName, string reason, string notKept)
    {
        var message = fileName is null
            ? $"{reason}。{notKept}"
            : $"文件“{RequestFile.SafeName(fileName)}”未能上传：{reason}。{notKept}，请重新选择文件";
        return DomainException.Invalid("evidence-file-invalid", message, new Dictionary<string, string[]> { ["file"] = [message] });
    }

    /// <summary>What this decision on the appeal would do, in words naming the community; changes nothing.</summary>
    public async Task<StepConsequences> PreviewAsync(Actor actor, Guid id, int? version, AppealDecision answer, string? reasons, CancellationToken ct)
    {
        var (appeal, decision, scene) = await LoadForDecisionAsync(actor, id, version, ct);
        var will = AppealRules.Preview(actor, appeal, decision, answer, reasons, scene, time.GetUtcNow());
        return will.Describe(await NameAsync(appeal.CommunityCode, ct));
    }

    /// <summary>Decides the appeal; an upheld complaint appeal then has the community's standing rechecked through the hotline path.</summary>
    public async Task<Appeal> DecideAsync(Actor actor, Guid id, int? version, AppealDecision answer, string? reasons, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var (appeal, decision, scene) = await LoadForDecisionAsync(actor, id, version, ct);
        AppealOutcome outcome;
        await using (var turn = await notices.TurnAsync(appeal.CommunityCode, ct))
        {
            outcome = await commit.RunAsync(async () =>
            {
                var now = time.GetUtcNow();
                var result = AppealRules.Decide(actor, appeal, decision, answer, reasons, scene, now);
                if (result.Annulment?.NewReEvaluation is { } item) db.ReEvaluations.Add(item);
                if (result.WaivedComplaint is { } number)
                {
                    var complaint = await db.HotlineComplaints.FirstAsync(c => c.Number == number, ct);
                    complaint.WaivedByAppealId = appeal.Id;
                }
                db.ProgrammeEvents.AddRange(result.Events);
                await notices.IssueAsync(actor, [result.Notice], now, ct);
                return result;
            }, ct);
        }
        // The deduction is gone: the standing is judged again as after an import (a title still failing is queued, never revoked).
        if (outcome.WaivedComplaint is not null) await dynamic.RecheckHotlineStandingAsync(actor, [appeal.CommunityCode], ct);
        done?.Invoke(outcome.Consequences.Describe(await NameAsync(appeal.CommunityCode, ct)));
        return appeal;
    }

    private async Task<(Appeal Appeal, AppealedDecision Decision, AppealScene Scene)> LoadForDecisionAsync(Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var appeal = await db.Appeals.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appeal is null || !actor.Covers(appeal.CommunityCode)) throw new NotFoundException("找不到该申诉");
        commit.RequireVersion(version, appeal.Version);
        var decision = await DecisionAsync(actor, appeal.Subject, appeal.SubjectKey, ct);
        AppealScene scene = appeal.Subject switch
        {
            AppealSubject.Veto => await VetoSceneAsync(Guid.Parse(appeal.SubjectKey), ct),
            AppealSubject.Complaint => await ComplaintSceneAsync(appeal.SubjectKey, appeal.CommunityCode, ct),
            _ => await ScoreSceneAsync(Guid.Parse(appeal.SubjectKey), ct),
        };
        return (appeal, decision, scene);
    }

    /// <summary>What the veto caused, loaded as the city's annulment loads it (<see cref="DynamicWorkflow.AnnulVetoAsync"/>).</summary>
    private async Task<VetoAppealScene> VetoSceneAsync(Guid id, CancellationToken ct)
    {
        var veto = await db.Vetoes.FirstAsync(v => v.Id == id, ct);
        var code = veto.CommunityCode;
        var certifiedSince = await db.Certifications.AnyAsync(c => c.ActiveForCommunity == code, ct);
        var revoked = certifiedSince ? null : await db.Certifications.FirstOrDefaultAsync(c => c.RevokedByVetoId == id && c.ActiveForCommunity == null, ct);
        var suspended = await db.Applications.Include(a => a.History)
            .FirstOrDefaultAsync(a => a.SuspendedByVetoId == id && a.State == ApplicationState.Suspended, ct);
        var task = await db.RectificationTasks.FirstOrDefaultAsync(t => t.OpenForCommunity == code, ct);
        var live = await db.Vetoes.Where(v => v.CommunityCode == code && v.AnnulledAtUtc == null && v.ClearedAtUtc == null).ToListAsync(ct);
        var others = live.Any(v => v.Id != id);
        var openKey = ReEvaluation.KeyFor(code, ReEvaluationCause.VetoAnnulled);
        var openDecision = await db.ReEvaluations.FirstOrDefaultAsync(r => r.OpenKey == openKey, ct);
        return new VetoAppealScene(veto, revoked, suspended, others ? null : task, openDecision, live);
    }

    private async Task<ComplaintAppealScene> ComplaintSceneAsync(string number, string code, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var title = await db.Certifications.AsNoTracking().Where(c => c.ActiveForCommunity == code)
            .Join(db.Applications, c => c.ApplicationId, a => a.Id, (c, a) => a.ScaleVersionId).FirstOrDefaultAsync(ct);
        var rule = (title is null ? await scales.InForceAsync(db, ProgrammeClock.DateOf(now), ct) : await scales.GetAsync(db, title, ct)).Hotline;
        var from = now.AddDays(-rule.WindowDays).UtcDateTime;
        var complaints = await db.HotlineComplaints.AsNoTracking().Where(c => c.CommunityCode == code && c.ReceivedAtUtc >= from).ToListAsync(ct);
        return new ComplaintAppealScene(number, rule, complaints.Select(c => c.ToFact()).ToList());
    }

    private async Task<ScoreAppealScene> ScoreSceneAsync(Guid id, CancellationToken ct)
    {
        var application = await db.Applications.Include(a => a.History).FirstAsync(a => a.Id == id, ct);
        var another = await db.Applications.AnyAsync(a => a.OpenForCommunity == application.CommunityCode && a.Id != id, ct);
        return new ScoreAppealScene(application, another);
    }

    /// <summary>
    /// The decision appealed, found inside the actor's subtree (a community: its own) or 404: when the community was told of it, who took
    /// part in it, how it reads, and whether it still counts against the community.
    /// </summary>
    private async Task<AppealedDecision> DecisionAsync(Actor actor, AppealSubject subject, string key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        switch (subject)
        {
            case AppealSubject.Complaint:
            {
                var c = await db.HotlineComplaints.AsNoTracking().FirstOrDefaultAsync(x => x.Number == key, ct);
                if (c is null || !actor.Covers(c.CommunityCode)) throw new NotFoundException("找不到该12345诉求");
                var import = c.ImportId is { } importId ? await db.HotlineImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, ct) : null;
                var fact = c.ToFact();
                var late = fact.AnsweredLate(now);
                var dissatisfied = c.FollowUp == FollowUpResult.Dissatisfied;
                var why = string.Join("、", new[] { late ? "答复不及时" : null, dissatisfied ? "回访不满意" : null }.OfType<string>());
                var label = $"12345诉求 {c.Number}（{FormalDate.OfUtc(c.ReceivedAtUtc)}受理{(why.Length > 0 ? "，" + why : "")}）";
                var on = import?.AtUtc ?? c.ImportedAtUtc;
                return new AppealedDecision(subject, c.Number, c.CommunityCode, ProgrammeClock.FromUtc(on),
                    import is null ? [] : [import.ActorUserId], label, c.EpidemicRelated && (late || dissatisfied) && c.WaivedByAppealId is null);
            }
            case AppealSubject.Veto:
            {
                var v = Guid.TryParse(key, out var id) ? await db.Vetoes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) : null;
                if (v is null || !actor.Covers(v.CommunityCode)) throw new NotFoundException("找不到该否决事项");
                return new AppealedDecision(subject, v.Id.ToString(), v.CommunityCode, ProgrammeClock.FromUtc(v.RecordedAtUtc), [v.RecordedByUserId],
                    v.PublicReason, v.IsLive);
            }
            case AppealSubject.Score:
            {
                var a = Guid.TryParse(key, out var id)
                    ? await db.Applications.AsNoTracking().Include(x => x.History).FirstOrDefaultAsync(x => x.Id == id, ct)
                    : null;
                if (a is null || !actor.Covers(a.CommunityCode)) throw new NotFoundException("找不到该申报");
                var rejected = a.History.Where(t => t.Action == ApplicationAction.Reject).MaxBy(t => t.Sequence);
                var scorers = a.History.Where(t => t.ActorRole == ProgrammeRole.District).Select(t => t.ActorUserId).Distinct().ToList();
                return new AppealedDecision(subject, a.Id.ToString(), a.CommunityCode,
                    ProgrammeClock.FromUtc(rejected?.AtUtc ?? a.UpdatedAtUtc), scorers, $"申报 {a.CaseNumber} 区级评定不通过",
                    a.State == ApplicationState.Rejected);
            }
            default:
                throw DomainException.Invalid("appeal-subject-invalid", "请选择申诉的对象：12345诉求扣分、区级评定或一票否决",
                    new Dictionary<string, string[]> { ["subject"] = ["请选择申诉的对象"] });
        }
    }

    /// <summary>The appeal period in the programme's data: the application's scale for a score, else the scale in force on the decision's day.</summary>
    private async Task<AppealRule> RuleAsync(AppealedDecision decision, CancellationToken ct)
    {
        if (decision.Subject == AppealSubject.Score)
        {
            var scaleId = await db.Applications.AsNoTracking().Where(a => a.Id == Guid.Parse(decision.Key)).Select(a => a.ScaleVersionId).FirstAsync(ct);
            return (await scales.GetAsync(db, scaleId, ct)).Appeals;
        }
        return (await scales.InForceAsync(db, ProgrammeClock.DateOf(decision.DecidedAt), ct)).Appeals;
    }

    private async Task<string> NameAsync(string code, CancellationToken ct) =>
        await db.Divisions.AsNoTracking().Where(d => d.Code == code).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? code;
}
