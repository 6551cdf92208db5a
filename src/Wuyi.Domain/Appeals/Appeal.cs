using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;

namespace Wuyi.Domain.Appeals;

/// <summary>What a community may appeal (申诉复核的对象).</summary>
public enum AppealSubject
{
    Complaint = 1, // 计入扣分的12345诉求
    Score = 2,     // 区级评定（评分）
    Veto = 3,      // 一票否决事项
}

public enum AppealState
{
    Open = 1,      // 待复核
    Upheld = 2,    // 申诉成立
    Dismissed = 3, // 申诉驳回
}

/// <summary>The answers an appeal may get.</summary>
public enum AppealDecision
{
    Uphold = 1,  // 成立
    Dismiss = 2, // 驳回
}

/// <summary>
/// The decision appealed, as the workflow found it on record: what it is (<paramref name="Key"/>: the complaint's number, the
/// application's or the veto's id), whose, the instant the community was told of it (the day the period runs from), who took part
/// in it (those may not decide the appeal), how it reads, and whether it still counts against the community (only a counted complaint,
/// a rejected application and a live veto may be appealed).
/// </summary>
public sealed record AppealedDecision(AppealSubject Subject, string Key, string CommunityCode, DateTimeOffset DecidedAt,
    IReadOnlyCollection<string> TookPart, string Label, bool Counts);

/// <summary>
/// A community's appeal (申诉复核) against a counted 12345 complaint, the district's score or a veto: filed within the programme's
/// period with written reasons, decided — upheld (成立) or dismissed (驳回), with written reasons — by an official of the right level
/// who took no part in the decision appealed (docs/decisions/0018). Nothing is suspended while it is open.
/// </summary>
public sealed class Appeal
{
    private Appeal() { } // for EF

    public Guid Id { get; private set; }
    public string CommunityCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public AppealSubject Subject { get; private set; }

    /// <summary>The complaint's number, or the application's or veto's id as text.</summary>
    public string SubjectKey { get; private set; } = "";

    /// <summary>The decision appealed as it read when the appeal was filed.</summary>
    public string SubjectLabel { get; private set; } = "";

    /// <summary>The day the decision was taken or came on record (Beijing) and the last day to appeal it.</summary>
    public DateOnly DecidedOn { get; private set; }

    public DateOnly LastDay { get; private set; }
    public string Reasons { get; private set; } = "";
    public DateTime FiledAtUtc { get; private set; }
    public string FiledByUserId { get; private set; } = "";
    public string FiledByName { get; private set; } = "";
    public AppealState State { get; private set; }
    public DateTime? DecidedAtUtc { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? DecidedByName { get; private set; }
    public ProgrammeRole? DecidedByRole { get; private set; }
    public string? DecisionReasons { get; private set; }

    /// <summary>"{subject}/{key}" while open, else null: a unique index keeps one open appeal per decision appealed.</summary>
    public string? OpenKey { get; private set; }

    public int Version { get; private set; }

    public bool IsOpen => State == AppealState.Open;

    public static string KeyFor(AppealSubject subject, string key) => $"{(int)subject}/{key}";

    internal static Appeal File(Actor actor, AppealedDecision decision, DateOnly lastDay, string reasons, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        CommunityCode = decision.CommunityCode,
        DistrictCode = DivisionCode.DistrictOf(decision.CommunityCode),
        Subject = decision.Subject,
        SubjectKey = decision.Key,
        SubjectLabel = TextLimits.Fit(decision.Label, AppealTexts.LabelMax),
        DecidedOn = ProgrammeClock.DateOf(decision.DecidedAt),
        LastDay = lastDay,
        Reasons = reasons,
        FiledAtUtc = at.UtcDateTime,
        FiledByUserId = actor.UserId,
        FiledByName = actor.Name,
        State = AppealState.Open,
        OpenKey = KeyFor(decision.Subject, decision.Key),
        Version = 1,
    };

    /// <summary>Files were added: whoever saw the appeal before it must look again before deciding.</summary>
    internal void EvidenceAdded() => Version++;

    internal void Decide(Actor actor, AppealDecision decision, string reasons, DateTimeOffset at)
    {
        State = decision == AppealDecision.Uphold ? AppealState.Upheld : AppealState.Dismissed;
        DecidedAtUtc = at.UtcDateTime;
        DecidedByUserId = actor.UserId;
        DecidedByName = actor.Name;
        DecidedByRole = actor.Role;
        DecisionReasons = reasons;
        OpenKey = null;
        Version++;
    }

    public static string SubjectName(AppealSubject s) => s switch
    {
        AppealSubject.Complaint => "12345诉求扣分",
        AppealSubject.Score => "区级评定",
        AppealSubject.Veto => "一票否决",
        _ => s.ToString(),
    };

    public static string StateName(AppealState s) => s switch
    {
        AppealState.Open => "待复核",
        AppealState.Upheld => "申诉成立",
        AppealState.Dismissed => "申诉驳回",
        _ => s.ToString(),
    };

    public static string DecisionName(AppealDecision d) => d switch
    {
        AppealDecision.Uphold => "成立",
        AppealDecision.Dismiss => "驳回",
        _ => d.ToString(),
    };
}

/// <summary>The bounds of an appeal's texts (申诉理由、复核意见), as <see cref="TextLimits"/> bounds the others.</summary>
public static class AppealTexts
{
    public static readonly TextField Reasons = new("reasons", "申诉理由", 2000);
    public static readonly TextField DecisionReasons = new("reasons", "复核意见", 2000);

    /// <summary>A decision appealed as it reads (composed, cut rather than refused).</summary>
    public const int LabelMax = 500;

    /// <summary>The most files one appeal keeps as its evidence (申诉材料), at filing and added later together.</summary>
    public const int MaxEvidenceFiles = 10;
}
