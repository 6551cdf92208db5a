using Wuyi.Domain.Applications;

namespace Wuyi.Domain.Dynamic;

/// <summary>What happened, in the programme's append-only history (动态管理记录).</summary>
public enum ProgrammeEventKind
{
    VetoRecorded = 1,           // 记录一票否决事项
    VetoAnnulled = 2,           // 撤销误录的否决事项
    TitleRevoked = 3,           // 取消认定
    TitleRestored = 4,          // 恢复认定
    ApplicationSuspended = 5,   // 申报因一票否决中止
    ApplicationResumed = 6,     // 申报恢复办理
    RectificationOpened = 7,    // 督促整改
    RectificationReported = 8,  // 报告整改情况
    RectificationAccepted = 9,  // 整改验收通过
    RectificationReturned = 10, // 整改退回
    RectificationCancelled = 11,// 整改任务撤销
    ReEvaluationOpened = 12,    // 列入重新评定
    ReEvaluationDecided = 13,   // 重新评定结论
    ComplaintsImported = 14,    // 导入12345诉求
    PassMarkChanged = 15,       // 调整达标分数线
    ScalePublished = 16,        // 发布新版量表
    AppealFiled = 41,           // 提出申诉
    AppealDecided = 42,         // 申诉复核决定
    InspectionDecided = 43,     // 督导检查（处理结论）
}

/// <summary>
/// One entry of the programme's history: who did what, when, to which community (null for a city-wide
/// rule change or import). Never changed or deleted once written. <c>PublicSummary</c> is what the public
/// may read (a revocation's public reason); null keeps the entry internal.
/// </summary>
public sealed class ProgrammeEvent
{
    private ProgrammeEvent() { } // for EF

    public Guid Id { get; private set; }
    public ProgrammeEventKind Kind { get; private set; }
    public string? CommunityCode { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public ProgrammeRole ActorRole { get; private set; }
    public string ActorDivisionCode { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public string? PublicSummary { get; private set; }

    /// <summary>The veto, task, re-evaluation, certification or import the entry is about.</summary>
    public Guid? SubjectId { get; private set; }

    public static ProgrammeEvent Of(ProgrammeEventKind kind, string? communityCode, Actor actor, DateTimeOffset at, string summary,
        Guid? subjectId = null, string? publicSummary = null) => new()
        {
            Id = Guid.CreateVersion7(at),
            Kind = kind,
            CommunityCode = communityCode,
            AtUtc = at.UtcDateTime,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            ActorRole = actor.Role,
            ActorDivisionCode = actor.DivisionCode,
            Summary = summary,
            PublicSummary = publicSummary,
            SubjectId = subjectId,
        };

    public static string Name(ProgrammeEventKind kind) => kind switch
    {
        ProgrammeEventKind.VetoRecorded => "记录一票否决事项",
        ProgrammeEventKind.VetoAnnulled => "撤销否决事项",
        ProgrammeEventKind.TitleRevoked => "取消认定",
        ProgrammeEventKind.TitleRestored => "恢复认定",
        ProgrammeEventKind.ApplicationSuspended => "申报中止",
        ProgrammeEventKind.ApplicationResumed => "申报恢复办理",
        ProgrammeEventKind.RectificationOpened => "督促整改",
        ProgrammeEventKind.RectificationReported => "报告整改情况",
        ProgrammeEventKind.RectificationAccepted => "整改验收通过",
        ProgrammeEventKind.RectificationReturned => "整改退回",
        ProgrammeEventKind.RectificationCancelled => "整改任务撤销",
        ProgrammeEventKind.ReEvaluationOpened => "列入重新评定",
        ProgrammeEventKind.ReEvaluationDecided => "重新评定",
        ProgrammeEventKind.ComplaintsImported => "导入12345诉求",
        ProgrammeEventKind.PassMarkChanged => "调整达标分数线",
        ProgrammeEventKind.ScalePublished => "发布新版量表",
        ProgrammeEventKind.AppealFiled => "提出申诉",
        ProgrammeEventKind.AppealDecided => "申诉复核",
        ProgrammeEventKind.InspectionDecided => "督导检查",
        _ => kind.ToString(),
    };
}
