using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Dynamic;

/// <summary>Why a community is put before its district again.</summary>
public enum ReEvaluationCause
{
    HotlineDeductions = 1, // 12345 诉求扣分后低于达标线
    PassMarkChange = 2,    // 达标分数线调整
    ScaleChange = 3,       // 量表新版本
    VetoAnnulled = 4,      // 否决事项被撤销，原处理待重新决定
}

public enum ReEvaluationState
{
    Open = 1,     // 待重新评定
    Kept = 2,     // 维持（认定或现状）
    Revoked = 3,  // 取消认定
    Restored = 4, // 恢复认定或恢复申报
}

/// <summary>The answers a re-evaluation may get.</summary>
public enum ReEvaluationDecision
{
    Keep = 1,    // 维持
    Revoke = 2,  // 取消认定并督促整改
    Restore = 3, // 恢复（仅用于否决事项被撤销）
}

/// <summary>
/// A call for a new decision (重新评定) on a community. A hotline deduction or a rule change never revokes a
/// title by itself: it puts the community here, with the engine's explanation, for its district to decide.
/// An annulled veto likewise reopens what it caused instead of silently undoing it.
/// </summary>
public sealed class ReEvaluation
{
    private ReEvaluation() { } // for EF

    public Guid Id { get; private set; }
    public string CommunityCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public ReEvaluationCause Cause { get; private set; }
    public string Detail { get; private set; } = "";

    /// <summary>The engine's answer that called for it (null for an annulled veto).</summary>
    public Explanation? Explanation { get; private set; }

    public Guid? CertificationId { get; private set; }
    public Guid? ApplicationId { get; private set; }
    public Guid? VetoId { get; private set; }
    public DateTime OpenedAtUtc { get; private set; }
    public ReEvaluationState State { get; private set; }
    public DateTime? DecidedAtUtc { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? DecidedByName { get; private set; }
    public string? Comment { get; private set; }

    /// <summary>"{community}/{cause}" while open, else null: a unique index keeps one open per community and cause.</summary>
    public string? OpenKey { get; private set; }

    public int Version { get; private set; }

    public bool IsOpen => State == ReEvaluationState.Open;

    public static (ReEvaluation Item, ProgrammeEvent Event) Open(Actor actor, ReEvaluationCause cause, string communityCode, string detail,
        Explanation? explanation, Guid? certificationId, Guid? applicationId, Guid? vetoId, DateTimeOffset at)
    {
        var item = new ReEvaluation
        {
            Id = Guid.CreateVersion7(at),
            CommunityCode = communityCode,
            DistrictCode = DivisionCode.DistrictOf(communityCode),
            Cause = cause,
            Detail = TextLimits.Fit(detail, TextLimits.Detail), // it quotes reasons and complaint numbers
            Explanation = explanation,
            CertificationId = certificationId,
            ApplicationId = applicationId,
            VetoId = vetoId,
            OpenedAtUtc = at.UtcDateTime,
            State = ReEvaluationState.Open,
            OpenKey = KeyFor(communityCode, cause),
            Version = 1,
        };
        return (item, ProgrammeEvent.Of(ProgrammeEventKind.ReEvaluationOpened, communityCode, actor, at,
            $"列入重新评定（{CauseName(cause)}）：{detail}", item.Id));
    }

    public static string KeyFor(string communityCode, ReEvaluationCause cause) => $"{communityCode}/{(int)cause}";

    /// <summary>The decisions open to this item: restoring only undoes what an annulled veto caused.</summary>
    public IReadOnlyList<ReEvaluationDecision> Decisions => !IsOpen ? []
        : Cause == ReEvaluationCause.VetoAnnulled ? [ReEvaluationDecision.Restore, ReEvaluationDecision.Keep]
        : [ReEvaluationDecision.Keep, ReEvaluationDecision.Revoke];

    /// <summary>One more thing the open decision covers, said in its detail.</summary>
    internal void Add(string detail)
    {
        Detail = TextLimits.Fit($"{Detail}。{detail}", TextLimits.Detail);
        Version++;
    }

    /// <summary>Records the decision; the caller carries out what it means (see <see cref="DynamicRules"/>).</summary>
    internal ProgrammeEvent Decide(Actor actor, ReEvaluationDecision decision, string? comment, DateTimeOffset at)
    {
        Comment = Check(actor, decision, comment);
        State = decision switch
        {
            ReEvaluationDecision.Keep => ReEvaluationState.Kept,
            ReEvaluationDecision.Revoke => ReEvaluationState.Revoked,
            _ => ReEvaluationState.Restored,
        };
        DecidedAtUtc = at.UtcDateTime;
        DecidedByUserId = actor.UserId;
        DecidedByName = actor.Name;
        OpenKey = null;
        Version++;
        return ProgrammeEvent.Of(ProgrammeEventKind.ReEvaluationDecided, CommunityCode, actor, at,
            $"重新评定（{CauseName(Cause)}）：{DecisionName(decision)}。{Comment}", Id);
    }

    /// <summary>Refuses, changing nothing, unless the actor may give this decision now; returns the cleaned comment.</summary>
    internal string Check(Actor actor, ReEvaluationDecision decision, string? comment)
    {
        Guard.Permitted(actor, Permission.ReEvaluate, CommunityCode);
        if (!IsOpen)
            throw DomainException.Conflict("illegal-transition", $"该重新评定已有结论（{StateName(State)}）");
        if (!Enum.IsDefined(decision))
            throw DomainException.Invalid("decision-required", "请选择重新评定结论：" + string.Join("、", Decisions.Select(DecisionName)),
                new Dictionary<string, string[]> { ["decision"] = ["请选择结论"] });
        if (!Decisions.Contains(decision))
            throw DomainException.Invalid("decision-invalid", $"“{CauseName(Cause)}”不能作出“{DecisionName(decision)}”的结论");
        return TextLimits.ReEvaluationComment.Required(comment, decision == ReEvaluationDecision.Revoke ? "请填写取消认定的理由" : "请填写重新评定意见");
    }

    public static string CauseName(ReEvaluationCause c) => c switch
    {
        ReEvaluationCause.HotlineDeductions => "12345诉求扣分后低于达标线",
        ReEvaluationCause.PassMarkChange => "达标分数线调整",
        ReEvaluationCause.ScaleChange => "量表新版本",
        ReEvaluationCause.VetoAnnulled => "否决事项被撤销",
        _ => c.ToString(),
    };

    public static string StateName(ReEvaluationState s) => s switch
    {
        ReEvaluationState.Open => "待重新评定",
        ReEvaluationState.Kept => "维持",
        ReEvaluationState.Revoked => "取消认定",
        ReEvaluationState.Restored => "已恢复",
        _ => s.ToString(),
    };

    public static string DecisionName(ReEvaluationDecision d) => d switch
    {
        ReEvaluationDecision.Keep => "维持",
        ReEvaluationDecision.Revoke => "取消认定并督促整改",
        ReEvaluationDecision.Restore => "恢复",
        _ => d.ToString(),
    };
}
