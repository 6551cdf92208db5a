using Wuyi.Domain.Common;

namespace Wuyi.Domain.Dynamic;

/// <summary>What recording a veto will do (rule 14), from <see cref="DynamicRules.PreviewVeto"/>.</summary>
/// <param name="RevokesTitle">A standing title is revoked (取消认定) and leaves the public list at once.</param>
/// <param name="SuspendsApplication">An open application is suspended.</param>
/// <param name="RectificationDeadline">The deadline of the rectification (整改期限) the community then works to.</param>
/// <param name="JoinsOpenTask">The community already rectifies: the veto is added to that task rather than opening one.</param>
public sealed record VetoConsequences(string CommunityCode, bool RevokesTitle, bool SuspendsApplication, DateOnly RectificationDeadline,
    bool JoinsOpenTask) : IConsequences
{
    public bool LeavesPublicList => RevokesTitle;

    public StepConsequences Describe(string community)
    {
        var deadline = Said.Date(RectificationDeadline);
        List<string> will = RevokesTitle
            ? [$"将取消 {community} 的无疫社区认定", "立即从公开名单撤下"]
            : [$"将对 {community} 实行一票否决（目前没有有效认定，公开名单不变）"];
        List<string> did = RevokesTitle
            ? [$"{community} 的认定已取消", "已从公开名单撤下"]
            : [$"{community} 目前没有有效认定，公开名单不变"];
        if (SuspendsApplication)
        {
            will.Add("中止其进行中的申报");
            did.Add("进行中的申报已中止");
        }
        will.Add(JoinsOpenTask ? $"并列入其进行中的整改任务，期限 {deadline}" : $"并下达整改任务，期限 {deadline}");
        did.Add(JoinsOpenTask ? $"已列入进行中的整改任务，期限 {deadline}" : $"整改任务期限 {deadline}");
        NoticeKind[] notices = RevokesTitle ? [NoticeKind.Revocation, NoticeKind.Rectification] : [NoticeKind.Rectification];
        return new(string.Join("，", will) + NoticesSaid.Will(notices), "已记录一票否决：" + string.Join("，", did) + NoticesSaid.Did(notices));
    }
}

/// <summary>What annulling a veto will do (rule 15), from <see cref="DynamicRules.PreviewAnnulment"/>.</summary>
/// <param name="Veto">The event as it is named: kind and source.</param>
/// <param name="Caused">What the veto caused that still stands (取消了认定, 中止了申报, 整改任务尚未完成); none of it is undone here.</param>
/// <param name="JoinsOpenDecision">An earlier annulment's decision is still open: this one is added to it.</param>
public sealed record AnnulmentConsequences(string CommunityCode, string Veto, IReadOnlyList<string> Caused, bool TitleRevoked,
    bool JoinsOpenDecision) : IConsequences
{
    /// <summary>Whether a decision to restore or keep (重新评定) follows.</summary>
    public bool QueuesReEvaluation => Caused.Count > 0;

    public StepConsequences Describe(string community)
    {
        var annul = $"撤销 {community} 的否决事项“{Veto}”，该事项不再计入评定";
        if (!QueuesReEvaluation)
            return new($"将{annul}；它没有造成需要恢复的后果", $"已撤销否决事项：{community} 的“{Veto}”不再计入评定");
        var caused = string.Join("、", Caused);
        var list = TitleRevoked ? $"；在作出恢复决定前，{community} 仍不在公开名单上" : "";
        var queue = JoinsOpenDecision ? "并入该社区（村）尚未决定的重新评定" : "列入重新评定";
        return new($"将{annul}；该事项{caused}，这些不会自动恢复，将{queue}，由区或市社区防控组决定是否恢复{list}",
            $"已撤销否决事项：{community} 的“{Veto}”不再计入评定；它{caused}，已{queue}，待决定是否恢复{list}");
    }
}

/// <summary>What a re-evaluation decision will do (rule 17), from <see cref="DynamicRules.PreviewDecision"/>.</summary>
/// <param name="TitleStands">The community holds a standing title now.</param>
/// <param name="RectificationDeadline">Revoke: the deadline of the rectification that follows.</param>
/// <param name="JoinsOpenTask">Revoke: the community already rectifies, the cause is added to that task.</param>
/// <param name="RestoresTitle">Restore: the title the veto revoked comes back, and the community returns to the public list.</param>
/// <param name="ResumesApplication">Restore: the application the veto suspended goes on.</param>
/// <param name="WithdrawsTask">Restore: the rectification the vetoes ordered is withdrawn.</param>
public sealed record ReEvaluationConsequences(string CommunityCode, ReEvaluationDecision Decision, bool TitleStands, DateOnly? RectificationDeadline,
    bool JoinsOpenTask, bool RestoresTitle, bool ResumesApplication, bool WithdrawsTask) : IConsequences
{
    public bool LeavesPublicList => Decision == ReEvaluationDecision.Revoke;

    public bool ReturnsToPublicList => RestoresTitle;

    public StepConsequences Describe(string community)
    {
        switch (Decision)
        {
            case ReEvaluationDecision.Revoke:
                var deadline = Said.Date(RectificationDeadline!.Value);
                var task = JoinsOpenTask ? $"列入其进行中的整改任务，期限 {deadline}" : $"下达整改任务，期限 {deadline}";
                return new($"将取消 {community} 的无疫社区认定，立即从公开名单撤下，并{task}" + NoticesSaid.Will(NoticeKind.Revocation, NoticeKind.Rectification),
                    $"已取消认定：{community} 的认定已取消，已从公开名单撤下，整改任务期限 {deadline}" + NoticesSaid.Did(NoticeKind.Revocation, NoticeKind.Rectification));
            case ReEvaluationDecision.Restore:
                List<string> will = [], did = [];
                if (RestoresTitle)
                {
                    will.Add($"恢复 {community} 的无疫社区认定，立即重新列入公开名单");
                    did.Add($"{community} 的认定已恢复，已重新列入公开名单");
                }
                if (ResumesApplication)
                {
                    will.Add("恢复办理其中止的申报");
                    did.Add("中止的申报已恢复办理");
                }
                if (WithdrawsTask)
                {
                    will.Add("撤销因否决事项下达的整改任务");
                    did.Add("整改任务已撤销");
                }
                return will.Count == 0
                    ? new($"将结束 {community} 的重新评定；没有需要恢复的认定、申报或整改任务", $"已恢复原状：{community} 没有需要恢复的认定、申报或整改任务")
                    : new("将" + string.Join("，", will), "已恢复原状：" + string.Join("，", did));
            default:
                return TitleStands
                    ? new($"将保留 {community} 的无疫社区认定，仍在公开名单上，不作其他变更", $"已保留认定：{community} 仍在公开名单上")
                    : new($"将维持现状：{community} 仍无有效认定，不在公开名单上，不作其他变更", $"已维持现状：{community} 仍不在公开名单上");
        }
    }
}

/// <summary>What accepting a rectification will do (rule 16), from <see cref="DynamicRules.PreviewAcceptance"/>.</summary>
/// <param name="VetoesCleared">The live vetoes recorded before the acceptance, which it clears.</param>
public sealed record RectificationAcceptance(string CommunityCode, int VetoesCleared) : IConsequences
{
    public StepConsequences Describe(string community)
    {
        var vetoes = VetoesCleared > 0 ? $"消除此前记录的 {VetoesCleared} 项一票否决事项，" : "";
        var cleared = VetoesCleared > 0 ? $"{VetoesCleared} 项一票否决事项已消除，" : "";
        return new($"将验收通过 {community} 的整改，结束整改任务，{vetoes}此后该社区（村）可以重新申报（不会自动恢复认定）" + NoticesSaid.Will(NoticeKind.RectificationAccepted),
            $"已验收通过：{community} 的整改任务已结束，{cleared}可以重新申报" + NoticesSaid.Did(NoticeKind.RectificationAccepted));
    }
}

/// <summary>What sending a rectification back will do (rule 16), from <see cref="RectificationTask.PreviewSendBack"/>.</summary>
/// <param name="Returns">Which return this is (第 n 次).</param>
/// <param name="Deadline">The deadline the community then works to.</param>
public sealed record RectificationReturn(string CommunityCode, int Returns, DateOnly Deadline) : IConsequences
{
    public StepConsequences Describe(string community) =>
        new($"将退回 {community} 的整改报告（第 {Returns} 次退回），继续整改，期限 {Said.Date(Deadline)}" + NoticesSaid.Will(NoticeKind.RectificationReturned),
            $"已退回继续整改：{community} 第 {Returns} 次退回，整改期限 {Said.Date(Deadline)}" + NoticesSaid.Did(NoticeKind.RectificationReturned));
}

/// <summary>The notices a step issues (decision 0013), as its confirmation and its result say them: ；发出取消认定通知书、整改通知书.</summary>
internal static class NoticesSaid
{
    public static string Will(params NoticeKind[] kinds) => "；发出" + string.Join("、", kinds.Select(Notice.Name));

    public static string Did(params NoticeKind[] kinds) => "；已发出" + string.Join("、", kinds.Select(Notice.Name));
}
