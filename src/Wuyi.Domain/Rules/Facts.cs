namespace Wuyi.Domain.Rules;

/// <summary>Follow-up visit result (回访结果) of a 12345 hotline complaint.</summary>
public enum FollowUpResult
{
    None = 0,         // not yet visited
    Satisfied = 1,    // 满意
    Dissatisfied = 2, // 不满意
}

/// <summary>A 12345 citizen-hotline complaint (市民诉求) as the engine needs it.</summary>
public sealed record HotlineComplaint(
    string Number,
    string CommunityCode,
    DateTimeOffset ReceivedAt,
    bool EpidemicRelated,           // 涉疫诉求
    DateTimeOffset ResponseDeadline,
    DateTimeOffset? RespondedAt,
    FollowUpResult FollowUp,
    bool Waived = false)            // 申诉复核成立，不再扣分
{
    /// <summary>Answered after the deadline, or still unanswered when the deadline has passed (答复不及时).</summary>
    public bool AnsweredLate(DateTimeOffset asOf) =>
        RespondedAt is { } responded ? responded > ResponseDeadline : asOf > ResponseDeadline;
}

/// <summary>The three kinds of one-vote veto (一票否决) (rule 3, docs/rules.md).</summary>
public enum VetoKind
{
    InspectionNotice = 1,        // 卡口点位被市级部门检查通报
    MediaExposure = 2,           // 卡口点位被媒体曝光
    CaseWithManagementLapse = 3, // 出现确诊病例或无症状感染者且漏管失管、造成病例扩散
}

/// <summary>
/// An event that may veto certification. A case counts only when a management lapse was found
/// ("not zero cases": a case alone is no veto). Annulled events and events cleared by an accepted
/// rectification before the evaluation do not count.
/// </summary>
public sealed record VetoEvent(
    Guid Id,
    string CommunityCode,
    VetoKind Kind,
    DateTimeOffset OccurredAt,
    string Source,
    string Description,
    bool ManagementLapse = true,
    DateTimeOffset? AnnulledAt = null,
    DateTimeOffset? ClearedAt = null);
