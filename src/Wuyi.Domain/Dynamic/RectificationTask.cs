using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Dynamic;

public enum RectificationState
{
    Open = 1,      // 整改中
    Reported = 2,  // 已报告，待区级验收
    Accepted = 3,  // 验收通过
    Cancelled = 4, // 已撤销（否决事项被撤销且恢复原状）
}

/// <summary>
/// A rectification task (督促整改) opened by a veto: the community reports what it fixed, the district (or the
/// city) accepts or sends it back. Only an accepted rectification clears the vetoes behind it and lets the
/// community apply again. One open task per community; a further veto is added to it.
/// </summary>
public sealed class RectificationTask
{
    private RectificationTask() { } // for EF

    public Guid Id { get; private set; }
    public string CommunityCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateTime OpenedAtUtc { get; private set; }
    public DateOnly Deadline { get; private set; }
    public RectificationState State { get; private set; }
    public string? Report { get; private set; }
    public string? Evidence { get; private set; }
    public DateTime? ReportedAtUtc { get; private set; }
    public int Returns { get; private set; }
    public string? DecisionComment { get; private set; }
    public DateTime? ClosedAtUtc { get; private set; }

    /// <summary>The community's code while the task is open or reported, else null: a unique index keeps one per community.</summary>
    public string? OpenForCommunity { get; private set; }

    /// <summary>Bumped by every change (concurrency token).</summary>
    public int Version { get; private set; }

    /// <summary>
    /// Every cause so far is a veto (一票否决). Only such a task may be withdrawn when its vetoes are annulled: one
    /// that a re-evaluation also ordered (a title failed on deductions or a rule change) stands until it is fixed.
    /// </summary>
    public bool VetoesOnly { get; private set; }

    public bool IsOpen => State is RectificationState.Open or RectificationState.Reported;

    /// <summary>Past its deadline (a Beijing date) and still not reported.</summary>
    public bool IsOverdue(DateOnly today) => State == RectificationState.Open && today > Deadline;

    public static (RectificationTask Task, ProgrammeEvent Event) Open(Actor actor, string communityCode, string reason, DateOnly deadline, bool byVeto,
        DateTimeOffset at)
    {
        Guard.Permitted(actor, Permission.SuperviseRectification, communityCode);
        RequireDeadline(deadline, at);
        var task = new RectificationTask
        {
            Id = Guid.CreateVersion7(at),
            CommunityCode = communityCode,
            DistrictCode = DivisionCode.DistrictOf(communityCode),
            Reason = reason,
            OpenedAtUtc = at.UtcDateTime,
            Deadline = deadline,
            State = RectificationState.Open,
            OpenForCommunity = communityCode,
            Version = 1,
            VetoesOnly = byVeto,
        };
        return (task, ProgrammeEvent.Of(ProgrammeEventKind.RectificationOpened, communityCode, actor, at,
            $"督促整改，期限至 {deadline:yyyy-MM-dd}：{reason}", task.Id));
    }

    /// <summary>A further veto while the task is open: its cause is added, and a reported fix must cover it too.</summary>
    public ProgrammeEvent AddCause(Actor actor, string reason, DateOnly? deadline, bool byVeto, DateTimeOffset at)
    {
        Guard.Permitted(actor, Permission.SuperviseRectification, CommunityCode);
        RequireOpen();
        Reason = Reason + "；" + reason;
        VetoesOnly &= byVeto;
        if (deadline is { } d && d > Deadline) Deadline = d;
        State = RectificationState.Open;
        Touch();
        return ProgrammeEvent.Of(ProgrammeEventKind.RectificationOpened, CommunityCode, actor, at, $"整改事项增加：{reason}", Id);
    }

    /// <summary>The community reports what it fixed (整改情况), with optional evidence.</summary>
    public ProgrammeEvent ReportFixed(Actor actor, string? report, string? evidence, DateTimeOffset at)
    {
        if (!actor.Role.Allows(Permission.ReportRectification))
            throw DomainException.Forbidden("wrong-role", "只有整改的社区（村）本身可以报告整改情况");
        if (actor.DivisionCode != CommunityCode)
            throw DomainException.Forbidden("out-of-scope", "只能报告本社区（村）的整改情况");
        if (State != RectificationState.Open)
            throw DomainException.Conflict("illegal-transition", $"整改任务当前状态为“{Name(State)}”，不能报告");
        var text = TextLimits.RectificationReport.Required(report, "请填写整改情况");
        var attached = TextLimits.Evidence.Optional(evidence);
        Report = text;
        Evidence = attached;
        ReportedAtUtc = at.UtcDateTime;
        State = RectificationState.Reported;
        Touch();
        return ProgrammeEvent.Of(ProgrammeEventKind.RectificationReported, CommunityCode, actor, at, $"报告整改情况：{Report}", Id);
    }

    /// <summary>The district (or the city) accepts the fix; the caller clears the vetoes behind it.</summary>
    internal ProgrammeEvent Accept(Actor actor, string? comment, DateTimeOffset at)
    {
        DecisionComment = CheckAccept(actor, comment);
        Close(RectificationState.Accepted, at);
        return ProgrammeEvent.Of(ProgrammeEventKind.RectificationAccepted, CommunityCode, actor, at,
            "整改验收通过" + (DecisionComment is null ? "" : "：" + DecisionComment), Id);
    }

    /// <summary>Refuses, changing nothing, unless the actor may accept the fix now; returns the cleaned comment.</summary>
    internal string? CheckAccept(Actor actor, string? comment)
    {
        Guard.Permitted(actor, Permission.AcceptRectification, CommunityCode);
        if (State != RectificationState.Reported)
            throw DomainException.Conflict("illegal-transition", $"整改任务当前状态为“{Name(State)}”，社区报告整改情况后才能验收");
        return TextLimits.AcceptanceComment.Optional(comment);
    }

    /// <summary>What sending the fix back would do, changing nothing: the same refusals as <see cref="SendBack"/>, the return's number and the deadline.</summary>
    public RectificationReturn PreviewSendBack(Actor actor, string? reason, DateOnly? newDeadline, DateTimeOffset at)
    {
        CheckSendBack(actor, reason, newDeadline, at);
        return new RectificationReturn(CommunityCode, Returns + 1, newDeadline ?? Deadline);
    }

    /// <summary>The fix is not enough: back to the community with a reason, optionally with a new deadline.</summary>
    public ProgrammeEvent SendBack(Actor actor, string? reason, DateOnly? newDeadline, DateTimeOffset at)
    {
        var text = CheckSendBack(actor, reason, newDeadline, at);
        DecisionComment = text;
        Deadline = newDeadline ?? Deadline;
        State = RectificationState.Open;
        Returns++;
        Touch();
        return ProgrammeEvent.Of(ProgrammeEventKind.RectificationReturned, CommunityCode, actor, at,
            $"整改退回（第 {Returns} 次），期限至 {Deadline:yyyy-MM-dd}：{DecisionComment}", Id);
    }

    private string CheckSendBack(Actor actor, string? reason, DateOnly? newDeadline, DateTimeOffset at)
    {
        Guard.Permitted(actor, Permission.ReturnRectification, CommunityCode);
        if (State != RectificationState.Reported)
            throw DomainException.Conflict("illegal-transition", $"整改任务当前状态为“{Name(State)}”，不能退回");
        var text = TextLimits.ReturnReason.Required(reason, "请填写退回理由");
        if (newDeadline is { } d) RequireDeadline(d, at);
        return text;
    }

    /// <summary>Withdrawn when the vetoes behind it were annulled and the decision restored.</summary>
    internal ProgrammeEvent Cancel(Actor actor, string reason, DateTimeOffset at)
    {
        RequireOpen();
        DecisionComment = reason;
        Close(RectificationState.Cancelled, at);
        return ProgrammeEvent.Of(ProgrammeEventKind.RectificationCancelled, CommunityCode, actor, at, $"整改任务撤销：{reason}", Id);
    }

    private void Close(RectificationState state, DateTimeOffset at)
    {
        State = state;
        ClosedAtUtc = at.UtcDateTime;
        OpenForCommunity = null;
        Touch();
    }

    private void RequireOpen()
    {
        if (!IsOpen)
            throw DomainException.Conflict("illegal-transition", $"整改任务当前状态为“{Name(State)}”");
    }

    /// <summary>A deadline (a Beijing date) of today or later.</summary>
    internal static void RequireDeadline(DateOnly deadline, DateTimeOffset at)
    {
        ProgrammeClock.InRange(deadline, "deadline");
        if (deadline < ProgrammeClock.DateOf(at))
            throw DomainException.Invalid("deadline-past", "整改期限不能早于今天",
                new Dictionary<string, string[]> { ["deadline"] = ["整改期限不能早于今天"] });
    }

    private void Touch() => Version++;

    public static string Name(RectificationState s) => s switch
    {
        RectificationState.Open => "整改中",
        RectificationState.Reported => "待验收",
        RectificationState.Accepted => "验收通过",
        RectificationState.Cancelled => "已撤销",
        _ => s.ToString(),
    };
}
