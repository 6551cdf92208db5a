using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Dynamic;

/// <summary>What the recorder says about a veto event; <paramref name="InspectionId"/> when a municipal inspection notice comes from an inspection (督导检查).</summary>
public sealed record VetoReport(string CommunityCode, VetoKind Kind, DateTimeOffset OccurredAt, string? Source, string? Description,
    string? DocumentReference, bool ManagementLapse, DateOnly? RectificationDeadline, Guid? InspectionId = null);

/// <summary>Everything one step of dynamic management changed: new rows to add, and the history to append;
/// <c>Consequences</c> says what the step did, in the words of its preview; <c>Notices</c> what it announces to the
/// community (通知书), to be numbered and issued in the same transaction.</summary>
public sealed record DynamicOutcome(IReadOnlyList<ProgrammeEvent> Events, Veto? Veto = null, RectificationTask? NewTask = null, ReEvaluation? NewReEvaluation = null,
    IConsequences? Consequences = null, IReadOnlyList<NoticeDraft>? Notices = null)
{
    public IReadOnlyList<NoticeDraft> NoticeDrafts => Notices ?? [];
}

/// <summary>
/// Dynamic management (动态管理), rules 3 and 14–17: the consequences of a veto, of its annulment,
/// of a re-evaluation and of an accepted rectification, decided here in one place. The caller loads the
/// community's standing title, open application, open rectification task and vetoes, and saves the
/// outcome in one transaction, so the public list changes with the event.
/// </summary>
public static class DynamicRules
{
    /// <summary>Default time a community gets to rectify (整改期限) when the recorder gives none.</summary>
    public const int DefaultRectificationDays = 30;

    /// <summary>
    /// What recording this veto would do, changing nothing: the same refusals and the same outcome as
    /// <see cref="RecordVeto"/> (which title is revoked, whether an application is suspended, the rectification deadline).
    /// </summary>
    public static VetoConsequences PreviewVeto(Actor actor, VetoReport report, Certification? standing, Application? open,
        RectificationTask? openTask, DateTimeOffset at) => PlanVeto(actor, report, standing, open, openTask, at).Consequences;

    /// <summary>
    /// Records a veto: a standing title is revoked (取消认定) with the event as its public reason, an open
    /// application is suspended, and the community is told to rectify (督促整改): a 取消认定通知书 when a title goes,
    /// and a 整改通知书 always (for a task opened, or for the matter added to the open one).
    /// </summary>
    public static DynamicOutcome RecordVeto(Actor actor, VetoReport report, Certification? standing, Application? open,
        RectificationTask? openTask, DateTimeOffset at)
    {
        var (veto, will) = PlanVeto(actor, report, standing, open, openTask, at); // every refusal before anything changes

        var events = new List<ProgrammeEvent>
        {
            ProgrammeEvent.Of(ProgrammeEventKind.VetoRecorded, veto.CommunityCode, actor, at,
                $"{veto.KindName}（{veto.Source}）：{veto.Description}", veto.Id),
        };
        var grounds = VetoGrounds.Of(veto);
        var notices = new List<NoticeDraft>();
        if (will.RevokesTitle)
        {
            events.Add(standing!.Revoke(actor, veto.PublicReason, veto.Id, at));
            notices.Add(new RevocationDraft(veto.CommunityCode, standing.Id, standing.Number, standing.BatchNumber, standing.CertifiedOn, grounds, null,
                will.RectificationDeadline));
        }
        if (will.SuspendsApplication)
        {
            open!.Suspend(actor, veto.Id, $"一票否决：{veto.PublicReason}", at);
            events.Add(ProgrammeEvent.Of(ProgrammeEventKind.ApplicationSuspended, veto.CommunityCode, actor, at,
                $"进行中的申报因一票否决中止：{veto.PublicReason}", open.Id));
        }

        var cause = $"一票否决：{veto.PublicReason}";
        var (task, newTask, earlier) = Rectify(actor, veto.CommunityCode, cause, will.JoinsOpenTask ? openTask : null, report.RectificationDeadline,
            will.RectificationDeadline, byVeto: true, at, events);
        notices.Add(new RectificationDraft(veto.CommunityCode, task.Id, [$"{FormalDate.Of(grounds.OccurredOn)}{grounds.KindName}（{grounds.Source}）：{grounds.Description}"],
            task.Deadline, earlier));
        return new DynamicOutcome(events, veto, newTask, Consequences: will, Notices: notices);
    }

    private static (Veto Veto, VetoConsequences Consequences) PlanVeto(Actor actor, VetoReport report, Certification? standing, Application? open,
        RectificationTask? openTask, DateTimeOffset at)
    {
        var veto = Veto.Record(actor, report.CommunityCode, report.Kind, report.OccurredAt, report.Source, report.Description,
            report.DocumentReference, report.ManagementLapse, at, report.InspectionId);
        RequireSameCommunity(veto.CommunityCode, standing?.CommunityCode, open?.CommunityCode, openTask?.CommunityCode);
        if (report.RectificationDeadline is { } given) RectificationTask.RequireDeadline(given, at);
        // A further veto joins the open task, whose deadline only moves later (RectificationTask.AddCause).
        var deadline = openTask is not null
            ? report.RectificationDeadline is { } later && later > openTask.Deadline ? later : openTask.Deadline
            : report.RectificationDeadline ?? ProgrammeClock.DateOf(at).AddDays(DefaultRectificationDays);
        return (veto, new VetoConsequences(veto.CommunityCode, standing is not null, open is not null, deadline, openTask is not null));
    }

    /// <summary>
    /// The city annuls a veto recorded by mistake. Nothing it caused is undone silently: if it revoked a
    /// title, suspended an application or left a rectification task open, the decision is reopened as a
    /// re-evaluation for the city or the district to restore or keep.
    /// </summary>
    /// <param name="openDecision">
    /// The community's open decision after an earlier annulment, if any: a second mistaken veto is folded into it
    /// (one decision restores what both caused), rather than opening a second one that could never be decided.
    /// </param>
    public static DynamicOutcome AnnulVeto(Actor actor, Veto veto, string? reason, Certification? revokedByIt, Application? suspendedByIt,
        RectificationTask? openTask, DateTimeOffset at, ReEvaluation? openDecision = null)
    {
        var will = PreviewAnnulment(actor, veto, reason, revokedByIt, suspendedByIt, openTask, openDecision);
        var events = new List<ProgrammeEvent> { veto.Annul(actor, reason, at) };
        if (!will.QueuesReEvaluation) return new DynamicOutcome(events, Consequences: will);

        var caused = string.Join("、", will.Caused);
        if (will.JoinsOpenDecision)
        {
            openDecision!.Add($"否决事项“{veto.KindName}（{veto.Source}）”也已撤销（{veto.AnnulmentReason}）；该事项{caused}");
            return new DynamicOutcome(events, Consequences: will);
        }

        var (item, opened) = ReEvaluation.Open(actor, ReEvaluationCause.VetoAnnulled, veto.CommunityCode,
            $"否决事项“{veto.KindName}（{veto.Source}）”已撤销（{veto.AnnulmentReason}）；该事项{caused}，请决定是否恢复",
            null, revokedByIt?.Id, suspendedByIt?.Id, veto.Id, at);
        events.Add(opened);
        return new DynamicOutcome(events, NewReEvaluation: item, Consequences: will);
    }

    /// <summary>
    /// What annulling this veto would do, changing nothing: the same refusals as <see cref="AnnulVeto"/>, and what the
    /// veto caused that goes back to a decision (nothing is restored by the annulment itself).
    /// </summary>
    public static AnnulmentConsequences PreviewAnnulment(Actor actor, Veto veto, string? reason, Certification? revokedByIt, Application? suspendedByIt,
        RectificationTask? openTask, ReEvaluation? openDecision = null)
    {
        RequireSameCommunity(veto.CommunityCode, revokedByIt?.CommunityCode, suspendedByIt?.CommunityCode, openTask?.CommunityCode, openDecision?.CommunityCode);
        veto.CheckAnnul(actor, reason);
        var caused = new List<string>();
        if (revokedByIt is { IsActive: false }) caused.Add("取消了认定");
        if (suspendedByIt is { State: ApplicationState.Suspended }) caused.Add("中止了申报");
        if (openTask is { IsOpen: true, VetoesOnly: true }) caused.Add("整改任务尚未完成");
        return new AnnulmentConsequences(veto.CommunityCode, $"{veto.KindName}（{veto.Source}）", caused, revokedByIt is { IsActive: false },
            caused.Count > 0 && openDecision is { IsOpen: true, Cause: ReEvaluationCause.VetoAnnulled });
    }

    /// <summary>
    /// A decision on a re-evaluation. Keep: nothing else changes. Revoke: the title goes and the community
    /// rectifies. Restore (after an annulled veto): the title or application comes back and the task is
    /// withdrawn — refused while another veto still stands.
    /// </summary>
    public static DynamicOutcome Decide(Actor actor, ReEvaluation item, ReEvaluationDecision decision, string? comment,
        Certification? certification, Application? suspended, RectificationTask? openTask, IReadOnlyCollection<Veto> liveVetoes,
        DateOnly? rectificationDeadline, DateTimeOffset at)
    {
        // Every refusal comes before any change: who may decide, then what the decision needs.
        var will = PreviewDecision(actor, item, decision, comment, certification, suspended, openTask, liveVetoes, rectificationDeadline, at);

        var events = new List<ProgrammeEvent> { item.Decide(actor, decision, comment, at) };
        RectificationTask? newTask = null;
        var notices = new List<NoticeDraft>();
        switch (decision)
        {
            case ReEvaluationDecision.Revoke:
                var reason = $"重新评定未达标（{ReEvaluation.CauseName(item.Cause)}）";
                events.Add(certification!.Revoke(actor, reason, null, at));
                var (task, opened, earlier) = Rectify(actor, item.CommunityCode, reason + "：" + item.Comment, will.JoinsOpenTask ? openTask : null,
                    rectificationDeadline, will.RectificationDeadline!.Value, byVeto: false, at, events);
                newTask = opened;
                notices.Add(new RevocationDraft(item.CommunityCode, certification.Id, certification.Number, certification.BatchNumber, certification.CertifiedOn,
                    null, new ReEvaluationGrounds(ReEvaluation.CauseName(item.Cause), Grounds(item.Explanation), item.Comment!), task.Deadline));
                notices.Add(new RectificationDraft(item.CommunityCode, task.Id, [reason + "：" + item.Comment], task.Deadline, earlier));
                break;
            case ReEvaluationDecision.Restore:
                if (will.RestoresTitle) events.Add(certification!.Restore(actor, item.Comment!, at));
                if (will.ResumesApplication)
                {
                    suspended!.Resume(actor, item.Comment!, at);
                    events.Add(ProgrammeEvent.Of(ProgrammeEventKind.ApplicationResumed, item.CommunityCode, actor, at,
                        $"申报恢复办理：{item.Comment}", suspended.Id));
                }
                if (will.WithdrawsTask) events.Add(openTask!.Cancel(actor, "否决事项已撤销，恢复原状", at));
                break;
        }
        return new DynamicOutcome(events, NewTask: newTask, Consequences: will, Notices: notices);
    }

    /// <summary>
    /// Orders rectification of a cause: a new task, or the cause added to the community's open one (whose deadline only moves
    /// later). Returns the task, the new one if any, and the open task's matters before this cause (null for a new task).
    /// </summary>
    private static (RectificationTask Task, RectificationTask? New, string? Earlier) Rectify(Actor actor, string communityCode, string cause,
        RectificationTask? openTask, DateOnly? given, DateOnly deadline, bool byVeto, DateTimeOffset at, List<ProgrammeEvent> events)
    {
        if (openTask is not null)
        {
            var earlier = openTask.Reason;
            events.Add(openTask.AddCause(actor, cause, given, byVeto, at));
            return (openTask, null, earlier);
        }
        var (task, opened) = RectificationTask.Open(actor, communityCode, cause, deadline, byVeto, at);
        events.Add(opened);
        return (task, task, null);
    }

    /// <summary>What a failed re-evaluation cites: the 12345 deductions, and the total against the pass mark (or the hard indicator short).</summary>
    private static List<string> Grounds(Explanation? e)
    {
        if (e is null || e.Passes) return [];
        var grounds = new List<string>();
        if (e.DeductionTotal > 0)
            grounds.Add($"12345诉求（{e.Deductions.Select(d => d.ComplaintNumber).Distinct().Count()} 件）扣 {ScaleVersion.Format(e.DeductionTotal)} 分");
        grounds.AddRange(e.Reasons());
        return grounds;
    }

    /// <summary>
    /// What this re-evaluation decision would do, changing nothing: the same refusals as <see cref="Decide"/>, and
    /// whether the title goes (with the rectification deadline) or comes back, with what else is restored.
    /// </summary>
    public static ReEvaluationConsequences PreviewDecision(Actor actor, ReEvaluation item, ReEvaluationDecision decision, string? comment,
        Certification? certification, Application? suspended, RectificationTask? openTask, IReadOnlyCollection<Veto> liveVetoes,
        DateOnly? rectificationDeadline, DateTimeOffset at)
    {
        RequireSameCommunity(item.CommunityCode, certification?.CommunityCode, suspended?.CommunityCode, openTask?.CommunityCode);
        item.Check(actor, decision, comment);
        if (decision == ReEvaluationDecision.Restore && liveVetoes.Any(v => v.IsLive && v.CommunityCode == item.CommunityCode && v.Id != item.VetoId))
            throw DomainException.Conflict("veto-still-live", "该社区（村）仍有未撤销、未整改的一票否决事项，不能恢复");
        var stands = certification is { IsActive: true };
        if (decision == ReEvaluationDecision.Revoke)
        {
            if (!stands)
                throw DomainException.Conflict("title-revoked", "该社区（村）当前没有有效的认定");
            if (rectificationDeadline is { } given) RectificationTask.RequireDeadline(given, at);
            var deadline = openTask is not null
                ? rectificationDeadline is { } later && later > openTask.Deadline ? later : openTask.Deadline
                : rectificationDeadline ?? ProgrammeClock.DateOf(at).AddDays(DefaultRectificationDays);
            return new ReEvaluationConsequences(item.CommunityCode, decision, stands, deadline, openTask is not null, false, false, false);
        }
        if (decision == ReEvaluationDecision.Restore)
            return new ReEvaluationConsequences(item.CommunityCode, decision, stands, null, false,
                RestoresTitle: certification is { IsActive: false },
                ResumesApplication: suspended is { State: ApplicationState.Suspended },
                WithdrawsTask: openTask is { IsOpen: true, VetoesOnly: true });
        return new ReEvaluationConsequences(item.CommunityCode, decision, stands, null, false, false, false, false);
    }

    /// <summary>An accepted rectification clears every live veto of the community recorded before it.</summary>
    public static DynamicOutcome AcceptRectification(Actor actor, RectificationTask task, string? comment, IReadOnlyCollection<Veto> vetoes, DateTimeOffset at)
    {
        var will = PreviewAcceptance(actor, task, comment, vetoes, at);
        var accepted = task.Accept(actor, comment, at);
        foreach (var veto in Cleared(task, vetoes, at))
            veto.Clear(task.Id, at);
        var notice = new AcceptanceDraft(task.CommunityCode, task.Id, task.Reason, ReportedOn(task), task.DecisionComment, will.VetoesCleared);
        return new DynamicOutcome([accepted], Consequences: will, Notices: [notice]);
    }

    /// <summary>The district (or the city) sends the reported fix back (整改退回), with a reason and the deadline to report again.</summary>
    public static DynamicOutcome SendBackRectification(Actor actor, RectificationTask task, string? reason, DateOnly? newDeadline, DateTimeOffset at)
    {
        var will = task.PreviewSendBack(actor, reason, newDeadline, at);
        var reportedOn = ReportedOn(task);
        var returned = task.SendBack(actor, reason, newDeadline, at);
        var notice = new ReturnDraft(task.CommunityCode, task.Id, task.Reason, reportedOn, task.Returns, task.DecisionComment!, task.Deadline);
        return new DynamicOutcome([returned], Consequences: will, Notices: [notice]);
    }

    private static DateOnly? ReportedOn(RectificationTask task) =>
        task.ReportedAtUtc is { } reported ? ProgrammeClock.DateOf(ProgrammeClock.FromUtc(reported)) : null;

    /// <summary>What accepting this rectification would do, changing nothing: the same refusals, and the vetoes it clears.</summary>
    public static RectificationAcceptance PreviewAcceptance(Actor actor, RectificationTask task, string? comment, IReadOnlyCollection<Veto> vetoes,
        DateTimeOffset at)
    {
        task.CheckAccept(actor, comment);
        return new RectificationAcceptance(task.CommunityCode, Cleared(task, vetoes, at).Count(v => v.IsLive));
    }

    private static IEnumerable<Veto> Cleared(RectificationTask task, IReadOnlyCollection<Veto> vetoes, DateTimeOffset at) =>
        vetoes.Where(v => v.CommunityCode == task.CommunityCode && v.RecordedAtUtc <= at.UtcDateTime);

    /// <summary>
    /// Whether a community may start a new application: not while a veto stands or a rectification is
    /// unfinished (only after an accepted rectification may it apply again).
    /// </summary>
    public static void RequireMayApply(string communityCode, IReadOnlyCollection<Veto> vetoes, RectificationTask? openTask)
    {
        if (openTask is { IsOpen: true })
            throw DomainException.Conflict("rectification-pending", "本社区（村）有尚未验收的整改任务，整改验收通过后才能重新申报");
        if (vetoes.Any(v => v.CommunityCode == communityCode && v.IsLive))
            throw DomainException.Conflict("veto-live", "本社区（村）有尚未整改验收的一票否决事项，不能申报");
    }

    /// <summary>
    /// A standing title judged again under the rules in force: the certifying scores, the complaints and
    /// vetoes on record now, the pass mark in force now. A fail calls for a re-evaluation, never a revocation.
    /// </summary>
    public static Explanation Recheck(ScaleVersion scale, PassMarkSchedule passMarks, string communityCode,
        IReadOnlyDictionary<string, decimal> certifyingScores, IReadOnlyCollection<HotlineComplaint> complaints, DateTimeOffset asOf) =>
        CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, communityCode, certifyingScores, complaints, [], asOf));

    private static void RequireSameCommunity(string code, params string?[] others)
    {
        if (others.Any(o => o is not null && o != code))
            throw new ArgumentException("dynamic-management objects of different communities");
    }
}
