using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Dynamic;

/// <summary>What the recorder says about a veto event.</summary>
public sealed record VetoReport(string CommunityCode, VetoKind Kind, DateTimeOffset OccurredAt, string? Source, string? Description,
    string? DocumentReference, bool ManagementLapse, DateOnly? RectificationDeadline);

/// <summary>Everything one step of dynamic management changed: new rows to add, and the history to append.</summary>
public sealed record DynamicOutcome(IReadOnlyList<ProgrammeEvent> Events, Veto? Veto = null, RectificationTask? NewTask = null, ReEvaluation? NewReEvaluation = null);

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
    /// Records a veto: a standing title is revoked (取消认定) with the event as its public reason, an open
    /// application is suspended, and the community is told to rectify (督促整改).
    /// </summary>
    public static DynamicOutcome RecordVeto(Actor actor, VetoReport report, Certification? standing, Application? open,
        RectificationTask? openTask, DateTimeOffset at)
    {
        var veto = Veto.Record(actor, report.CommunityCode, report.Kind, report.OccurredAt, report.Source, report.Description,
            report.DocumentReference, report.ManagementLapse, at);
        RequireSameCommunity(veto.CommunityCode, standing?.CommunityCode, open?.CommunityCode, openTask?.CommunityCode);
        if (report.RectificationDeadline is { } given) RectificationTask.RequireDeadline(given, at); // before anything changes

        var events = new List<ProgrammeEvent>
        {
            ProgrammeEvent.Of(ProgrammeEventKind.VetoRecorded, veto.CommunityCode, actor, at,
                $"{veto.KindName}（{veto.Source}）：{veto.Description}", veto.Id),
        };
        if (standing is not null) events.Add(standing.Revoke(actor, veto.PublicReason, veto.Id, at));
        if (open is not null)
        {
            open.Suspend(actor, veto.Id, $"一票否决：{veto.PublicReason}", at);
            events.Add(ProgrammeEvent.Of(ProgrammeEventKind.ApplicationSuspended, veto.CommunityCode, actor, at,
                $"进行中的申报因一票否决中止：{veto.PublicReason}", open.Id));
        }

        var deadline = report.RectificationDeadline ?? ProgrammeClock.DateOf(at).AddDays(DefaultRectificationDays);
        var cause = $"一票否决：{veto.PublicReason}";
        RectificationTask? newTask = null;
        if (openTask is not null)
            events.Add(openTask.AddCause(actor, cause, report.RectificationDeadline, byVeto: true, at));
        else
        {
            (newTask, var opened) = RectificationTask.Open(actor, veto.CommunityCode, cause, deadline, byVeto: true, at);
            events.Add(opened);
        }
        return new DynamicOutcome(events, veto, newTask);
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
        RequireSameCommunity(veto.CommunityCode, revokedByIt?.CommunityCode, suspendedByIt?.CommunityCode, openTask?.CommunityCode, openDecision?.CommunityCode);
        var events = new List<ProgrammeEvent> { veto.Annul(actor, reason, at) };
        var caused = new List<string>();
        if (revokedByIt is { IsActive: false }) caused.Add("取消了认定");
        if (suspendedByIt is { State: ApplicationState.Suspended }) caused.Add("中止了申报");
        if (openTask is { IsOpen: true, VetoesOnly: true }) caused.Add("整改任务尚未完成");
        if (caused.Count == 0) return new DynamicOutcome(events);

        if (openDecision is { IsOpen: true, Cause: ReEvaluationCause.VetoAnnulled })
        {
            openDecision.Add($"否决事项“{veto.KindName}（{veto.Source}）”也已撤销（{veto.AnnulmentReason}）；该事项{string.Join("、", caused)}");
            return new DynamicOutcome(events);
        }

        var (item, opened) = ReEvaluation.Open(actor, ReEvaluationCause.VetoAnnulled, veto.CommunityCode,
            $"否决事项“{veto.KindName}（{veto.Source}）”已撤销（{veto.AnnulmentReason}）；该事项{string.Join("、", caused)}，请决定是否恢复",
            null, revokedByIt?.Id, suspendedByIt?.Id, veto.Id, at);
        events.Add(opened);
        return new DynamicOutcome(events, NewReEvaluation: item);
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
        RequireSameCommunity(item.CommunityCode, certification?.CommunityCode, suspended?.CommunityCode, openTask?.CommunityCode);
        // Every refusal comes before any change: who may decide, then what the decision needs.
        item.Check(actor, decision, comment);
        if (decision == ReEvaluationDecision.Restore && liveVetoes.Any(v => v.IsLive && v.CommunityCode == item.CommunityCode && v.Id != item.VetoId))
            throw DomainException.Conflict("veto-still-live", "该社区（村）仍有未撤销、未整改的一票否决事项，不能恢复");
        if (decision == ReEvaluationDecision.Revoke)
        {
            if (certification is not { IsActive: true })
                throw DomainException.Conflict("title-revoked", "该社区（村）当前没有有效的认定");
            if (rectificationDeadline is { } given) RectificationTask.RequireDeadline(given, at);
        }

        var events = new List<ProgrammeEvent> { item.Decide(actor, decision, comment, at) };
        RectificationTask? newTask = null;
        switch (decision)
        {
            case ReEvaluationDecision.Revoke:
                var reason = $"重新评定未达标（{ReEvaluation.CauseName(item.Cause)}）";
                events.Add(certification!.Revoke(actor, reason, null, at));
                var deadline = rectificationDeadline ?? ProgrammeClock.DateOf(at).AddDays(DefaultRectificationDays);
                if (openTask is not null) events.Add(openTask.AddCause(actor, reason + "：" + item.Comment, rectificationDeadline, byVeto: false, at));
                else
                {
                    (newTask, var opened) = RectificationTask.Open(actor, item.CommunityCode, reason + "：" + item.Comment, deadline, byVeto: false, at);
                    events.Add(opened);
                }
                break;
            case ReEvaluationDecision.Restore:
                if (certification is { IsActive: false }) events.Add(certification.Restore(actor, item.Comment!, at));
                if (suspended is { State: ApplicationState.Suspended })
                {
                    suspended.Resume(actor, item.Comment!, at);
                    events.Add(ProgrammeEvent.Of(ProgrammeEventKind.ApplicationResumed, item.CommunityCode, actor, at,
                        $"申报恢复办理：{item.Comment}", suspended.Id));
                }
                if (openTask is { IsOpen: true, VetoesOnly: true }) events.Add(openTask.Cancel(actor, "否决事项已撤销，恢复原状", at));
                break;
        }
        return new DynamicOutcome(events, NewTask: newTask);
    }

    /// <summary>An accepted rectification clears every live veto of the community recorded before it.</summary>
    public static DynamicOutcome AcceptRectification(Actor actor, RectificationTask task, string? comment, IReadOnlyCollection<Veto> vetoes, DateTimeOffset at)
    {
        var accepted = task.Accept(actor, comment, at);
        foreach (var veto in vetoes.Where(v => v.CommunityCode == task.CommunityCode && v.RecordedAtUtc <= at.UtcDateTime))
            veto.Clear(task.Id, at);
        return new DynamicOutcome([accepted]);
    }

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
