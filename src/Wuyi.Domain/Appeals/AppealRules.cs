using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Appeals;

/// <summary>What the decision appealed touches, loaded by the workflow for the decision on the appeal.</summary>
public abstract record AppealScene;

/// <summary>A veto appealed: what it caused, as the city's annulment would load it (<see cref="DynamicRules.AnnulVeto"/>).</summary>
public sealed record VetoAppealScene(Veto Veto, Certification? RevokedByIt, Application? SuspendedByIt, RectificationTask? OpenTask,
    ReEvaluation? OpenDecision, IReadOnlyCollection<Veto> LiveVetoes) : AppealScene;

/// <summary>A complaint appealed: the community's complaints on record and the deduction rule that counts them, as of now.</summary>
public sealed record ComplaintAppealScene(string Number, HotlineDeductionRule Rule, IReadOnlyCollection<HotlineComplaint> Complaints) : AppealScene;

/// <summary>The district's score appealed: the rejected application, and whether the community has another open one.</summary>
public sealed record ScoreAppealScene(Application Application, bool AnotherOpen) : AppealScene;

/// <summary>
/// Everything deciding an appeal changed: the history to append, what it caused through dynamic management (the annulment and the
/// restoration of a veto's consequences, as <see cref="DynamicOutcome"/>s, whose new re-evaluation is to be added), the complaint
/// that no longer deducts, and the notice that announces the decision (申诉复核决定书).
/// </summary>
public sealed record AppealOutcome(IReadOnlyList<ProgrammeEvent> Events, AppealConsequences Consequences, NoticeDraft Notice,
    DynamicOutcome? Annulment = null, DynamicOutcome? Restoration = null, string? WaivedComplaint = null);

/// <summary>
/// Appeals (申诉复核), docs/decisions/0018: a community appeals a counted 12345 complaint, the district's score or a veto within the
/// programme's period (<see cref="AppealRule"/>), with reasons; one open appeal per decision. An official of the right level who took
/// no part in the decision decides it, with reasons: dismissed, nothing changes; upheld, the decision is undone through the path that
/// exists for it — a veto annulled as the city annuls one (<see cref="DynamicRules.AnnulVeto"/>) and what it caused restored
/// (<see cref="DynamicRules.Decide"/>), a complaint's deduction removed, a rejected application back to the district's evaluation.
/// Nothing is suspended while an appeal is open.
/// </summary>
public static class AppealRules
{
    /// <summary>The community files an appeal against a decision of its own, within the period, with reasons.</summary>
    public static (Appeal Appeal, ProgrammeEvent Filed) File(Actor actor, AppealedDecision decision, AppealRule rule, string? reasons,
        bool openAppealExists, DateTimeOffset at)
    {
        Permissions.Require(actor, Permission.FileAppeal);
        if (actor.DivisionCode != decision.CommunityCode)
            throw DomainException.Forbidden("out-of-scope", "只能对本社区（村）的决定提出申诉");
        if (!decision.Counts)
            throw DomainException.Conflict("appeal-not-appealable", decision.Subject switch
            {
                AppealSubject.Complaint => "该12345诉求未计入扣分，无需申诉",
                AppealSubject.Score => "只有区级评定未通过的申报可以申诉",
                _ => "该否决事项已撤销或已整改验收，无需申诉",
            });
        if (openAppealExists)
            throw DomainException.Conflict("appeal-open", "该事项已有一份待复核的申诉，复核决定作出前不能再次申诉");
        var decidedOn = ProgrammeClock.DateOf(decision.DecidedAt);
        var lastDay = rule.LastDay(decidedOn);
        if (ProgrammeClock.DateOf(at) > lastDay)
            throw DomainException.Conflict("appeal-period-over",
                $"已超过申诉期限：该决定于{Said.Date(decidedOn)}作出，应在 {rule.Days} 天内（{Said.Date(lastDay)}前）提出申诉");
        var text = AppealTexts.Reasons.Required(reasons, "请填写申诉理由");
        var appeal = Appeal.File(actor, decision, lastDay, text, at);
        return (appeal, ProgrammeEvent.Of(ProgrammeEventKind.AppealFiled, appeal.CommunityCode, actor, at,
            $"提出申诉（{Appeal.SubjectName(appeal.Subject)}）：{appeal.SubjectLabel}。申诉理由：{text}", appeal.Id));
    }

    /// <summary>
    /// Evidence for an appeal (申诉材料): the appealing community's own files, at filing or while the appeal is open, up to
    /// <see cref="AppealTexts.MaxEvidenceFiles"/>. Files added to an open appeal move its version, so a decision taken on what the decider
    /// saw before is refused as stale rather than made without the new files.
    /// </summary>
    public static void AddEvidence(Actor actor, Appeal appeal, int filesSoFar, int adding)
    {
        MayAddEvidence(actor, appeal, filesSoFar, adding);
        appeal.EvidenceAdded();
    }

    /// <summary>Refuses, as <see cref="AddEvidence"/> would, without changing anything: a form asks before it reads the files.</summary>
    public static void MayAddEvidence(Actor actor, Appeal appeal, int filesSoFar, int adding)
    {
        Permissions.Require(actor, Permission.FileAppeal);
        if (actor.DivisionCode != appeal.CommunityCode)
            throw DomainException.Forbidden("out-of-scope", "只能为本社区（村）的申诉补充材料");
        if (!appeal.IsOpen)
            throw DomainException.Conflict("illegal-transition", $"该申诉已复核（{Appeal.StateName(appeal.State)}），不能再补充材料");
        CheckEvidenceCount(filesSoFar, adding);
    }

    /// <summary>Refuses more files than an appeal keeps, naming how many are left.</summary>
    public static void CheckEvidenceCount(int filesSoFar, int adding)
    {
        if (adding <= 0 || filesSoFar + adding <= AppealTexts.MaxEvidenceFiles) return;
        var left = Math.Max(0, AppealTexts.MaxEvidenceFiles - filesSoFar);
        throw DomainException.Invalid("appeal-evidence-limit",
            $"每份申诉最多 {AppealTexts.MaxEvidenceFiles} 个材料文件，" + (left == 0 ? "已无法再补充" : $"还可补充 {left} 个"),
            new Dictionary<string, string[]> { ["file"] = [$"每份申诉最多 {AppealTexts.MaxEvidenceFiles} 个材料文件"] });
    }

    /// <summary>Who decides an appeal of this kind, as a refusal names them.</summary>
    public static string WhoDecides(AppealSubject subject) => subject switch
    {
        AppealSubject.Veto => "市社区防控组中未参与记录该否决事项的人员",
        AppealSubject.Complaint => "市社区防控组或该社区（村）所在区的社区防控组中未参与导入该诉求的人员",
        _ => "市社区防控组或该区社区防控组中未参与该评定的人员",
    };

    /// <summary>What this decision would do, changing nothing: the same refusals and the same outcome as <see cref="Decide"/>.</summary>
    public static AppealConsequences Preview(Actor actor, Appeal appeal, AppealedDecision decision, AppealDecision answer, string? reasons,
        AppealScene scene, DateTimeOffset at) => Plan(actor, appeal, decision, answer, reasons, scene, at).Consequences;

    /// <summary>Decides the appeal: dismissed changes nothing else; upheld undoes the decision through its own path, in one outcome.</summary>
    public static AppealOutcome Decide(Actor actor, Appeal appeal, AppealedDecision decision, AppealDecision answer, string? reasons,
        AppealScene scene, DateTimeOffset at)
    {
        var (will, text) = Plan(actor, appeal, decision, answer, reasons, scene, at); // every refusal before anything changes
        var events = new List<ProgrammeEvent>();
        DynamicOutcome? annulment = null, restoration = null;
        string? waived = null;
        if (answer == AppealDecision.Uphold)
        {
            var because = TextLimits.Fit($"申诉复核成立：{text}", TextLimits.AnnulmentReason.Max);
            switch (scene)
            {
                case VetoAppealScene v:
                    annulment = DynamicRules.AnnulVeto(actor, v.Veto, because, v.RevokedByIt, v.SuspendedByIt, v.OpenTask, at, v.OpenDecision);
                    events.AddRange(annulment.Events);
                    if (will.Restoration is not null)
                    {
                        restoration = DynamicRules.Decide(actor, annulment.NewReEvaluation!, ReEvaluationDecision.Restore, because, v.RevokedByIt,
                            v.SuspendedByIt, v.OpenTask, Others(v), null, at);
                        events.AddRange(restoration.Events);
                    }
                    break;
                case ComplaintAppealScene c:
                    waived = c.Number;
                    break;
                case ScoreAppealScene s:
                    s.Application.ReopenOnAppeal(actor, because, at);
                    break;
            }
        }
        appeal.Decide(actor, answer, text, at);
        var publicLine = appeal.Subject != AppealSubject.Veto ? null
            : answer == AppealDecision.Uphold ? $"申诉复核成立：一票否决事项“{appeal.SubjectLabel}”已撤销"
            : $"申诉复核驳回：维持一票否决事项“{appeal.SubjectLabel}”";
        events.Insert(0, ProgrammeEvent.Of(ProgrammeEventKind.AppealDecided, appeal.CommunityCode, actor, at,
            $"申诉复核（{Appeal.SubjectName(appeal.Subject)}）：{Appeal.DecisionName(answer)}。{appeal.SubjectLabel}。复核意见：{text}", appeal.Id, publicLine));
        var notice = new AppealDecisionDraft(appeal.CommunityCode, appeal.Id, Appeal.SubjectName(appeal.Subject), appeal.SubjectLabel,
            ProgrammeClock.DateOf(ProgrammeClock.FromUtc(appeal.FiledAtUtc)), answer == AppealDecision.Uphold, text, will.Follows());
        return new AppealOutcome(events, will, notice, annulment, restoration, waived);
    }

    private static (AppealConsequences Consequences, string Reasons) Plan(Actor actor, Appeal appeal, AppealedDecision decision, AppealDecision answer,
        string? reasons, AppealScene scene, DateTimeOffset at)
    {
        if (decision.Subject != appeal.Subject || decision.Key != appeal.SubjectKey || decision.CommunityCode != appeal.CommunityCode)
            throw new ArgumentException("the decision appealed is not this appeal's", nameof(decision));
        Permissions.Require(actor, Permission.DecideAppeal);
        if (!actor.Covers(appeal.CommunityCode))
            throw DomainException.Forbidden("out-of-scope", "该社区（村）不在您的管辖范围内");
        if (appeal.Subject == AppealSubject.Veto && actor.Role != ProgrammeRole.City)
            throw DomainException.Forbidden("appeal-wrong-level", $"一票否决的申诉由{WhoDecides(appeal.Subject)}复核");
        if (decision.TookPart.Contains(actor.UserId))
            throw DomainException.Forbidden("appeal-party", $"您参与了被申诉的决定，不能复核本申诉；应由{WhoDecides(appeal.Subject)}复核");
        if (!appeal.IsOpen)
            throw DomainException.Conflict("illegal-transition", $"该申诉已有复核结论（{Appeal.StateName(appeal.State)}）");
        if (!Enum.IsDefined(answer))
            throw DomainException.Invalid("decision-required", "请选择复核结论：成立或驳回",
                new Dictionary<string, string[]> { ["decision"] = ["请选择复核结论"] });
        var text = AppealTexts.DecisionReasons.Required(reasons, "请填写复核意见");
        var label = appeal.SubjectLabel;
        if (answer == AppealDecision.Dismiss)
            return (new AppealConsequences(appeal.CommunityCode, appeal.Subject, label, answer), text);

        var because = TextLimits.Fit($"申诉复核成立：{text}", TextLimits.AnnulmentReason.Max);
        switch (scene)
        {
            case VetoAppealScene v:
                if (v.Veto.Id.ToString() != appeal.SubjectKey) throw new ArgumentException("another veto", nameof(scene));
                var annul = DynamicRules.PreviewAnnulment(actor, v.Veto, because, v.RevokedByIt, v.SuspendedByIt, v.OpenTask, v.OpenDecision);
                ReEvaluationConsequences? restore = null;
                var others = Others(v).Count > 0;
                if (annul.QueuesReEvaluation && !annul.JoinsOpenDecision && !others)
                {
                    // The decision the annulment opens, decided at once: the appeal's decider restores what the veto caused.
                    var (item, _) = ReEvaluation.Open(actor, ReEvaluationCause.VetoAnnulled, v.Veto.CommunityCode, "", null, v.RevokedByIt?.Id,
                        v.SuspendedByIt?.Id, v.Veto.Id, at);
                    restore = DynamicRules.PreviewDecision(actor, item, ReEvaluationDecision.Restore, because, v.RevokedByIt, v.SuspendedByIt,
                        v.OpenTask, Others(v), null, at);
                }
                return (new AppealConsequences(appeal.CommunityCode, appeal.Subject, label, answer, annul, restore, OtherVetoes: others), text);
            case ComplaintAppealScene c:
                var before = CertificationEngine.HotlineDeduction(c.Rule, appeal.CommunityCode, c.Complaints, at);
                var after = CertificationEngine.HotlineDeduction(c.Rule, appeal.CommunityCode,
                    c.Complaints.Select(x => x.Number == c.Number ? x with { Waived = true } : x).ToList(), at);
                return (new AppealConsequences(appeal.CommunityCode, appeal.Subject, label, answer, DeductionBefore: before, DeductionAfter: after), text);
            case ScoreAppealScene s:
                s.Application.CheckReopenOnAppeal(actor, s.AnotherOpen);
                return (new AppealConsequences(appeal.CommunityCode, appeal.Subject, label, answer, ReopensApplication: true), text);
            default:
                throw new ArgumentException("no scene for the appeal", nameof(scene));
        }
    }

    private static List<Veto> Others(VetoAppealScene v) =>
        v.LiveVetoes.Where(x => x.IsLive && x.Id != v.Veto.Id && x.CommunityCode == v.Veto.CommunityCode).ToList();
}

/// <summary>What deciding an appeal will do, from <see cref="AppealRules.Preview"/>.</summary>
/// <param name="Annulment">Upheld veto: the annulment, as the city's would be.</param>
/// <param name="Restoration">Upheld veto: the restoration decided at once; null when it must wait (another veto stands, or an earlier decision is open).</param>
/// <param name="OtherVetoes">Upheld veto: another live veto stands, so nothing is restored yet.</param>
/// <param name="DeductionBefore">Upheld complaint: the community's 12345 deduction now, and without the complaint.</param>
/// <param name="ReopensApplication">Upheld score: the rejected application goes back to the district's evaluation.</param>
public sealed record AppealConsequences(string CommunityCode, AppealSubject Subject, string Label, AppealDecision Decision,
    AnnulmentConsequences? Annulment = null, ReEvaluationConsequences? Restoration = null, bool OtherVetoes = false,
    decimal DeductionBefore = 0, decimal DeductionAfter = 0, bool ReopensApplication = false) : IConsequences
{
    public bool ReturnsToPublicList => Restoration is { RestoresTitle: true };

    /// <summary>What an upheld appeal causes, in the notice's and the history's words (neutral: no community named).</summary>
    public IReadOnlyList<string> Follows()
    {
        if (Decision == AppealDecision.Dismiss) return ["原决定维持不变"];
        var follows = new List<string>();
        switch (Subject)
        {
            case AppealSubject.Veto:
                follows.Add("该一票否决事项予以撤销，不再计入评定");
                if (Restoration is { } r)
                {
                    if (r.RestoresTitle) follows.Add("恢复无疫社区（村）认定，重新列入公布名单");
                    if (r.ResumesApplication) follows.Add("中止的申报恢复办理");
                    if (r.WithdrawsTask) follows.Add("因该事项下达的整改任务予以撤销");
                }
                else if (Annulment is { QueuesReEvaluation: true } a)
                    follows.Add($"该事项{string.Join("、", a.Caused)}，{(OtherVetoes ? "因仍有其他一票否决事项，" : "")}列入重新评定，由区或市社区防控组决定是否恢复");
                break;
            case AppealSubject.Complaint:
                follows.Add($"该诉求不再计入12345扣分（扣分由 {ScaleVersion.Format(DeductionBefore)} 分变为 {ScaleVersion.Format(DeductionAfter)} 分），"
                            + "认定按现行规则重新核查");
                break;
            default:
                follows.Add("该申报退回区级重新评定（待区级评定），由区社区防控组重新评分后作出评定");
                break;
        }
        return follows;
    }

    public StepConsequences Describe(string community)
    {
        var said = string.Join("，", Follows());
        var list = Decision == AppealDecision.Uphold && Subject == AppealSubject.Veto && Restoration is null && Annulment is { TitleRevoked: true }
            ? $"；在作出恢复决定前，{community} 仍不在公开名单上"
            : "";
        var notice = Notice.Name(NoticeKind.AppealDecision);
        return Decision == AppealDecision.Dismiss
            ? new($"将驳回 {community} 对“{Label}”的申诉，原决定维持不变；发出{notice}",
                $"已驳回申诉：{community} 对“{Label}”的申诉不成立，原决定维持不变；已发出{notice}")
            : new($"将认定 {community} 对“{Label}”的申诉成立：{said}{list}；发出{notice}",
                $"申诉成立：{community} 对“{Label}”的申诉已复核，{said}{list}；已发出{notice}");
    }
}
