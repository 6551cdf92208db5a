using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Dynamic;

/// <summary>The notices (通知书) a community receives from dynamic management, each in its own number series.</summary>
public enum NoticeKind
{
    Revocation = 1,            // 取消认定通知书
    Rectification = 2,         // 整改通知书
    RectificationAccepted = 3, // 整改验收合格通知书
    RectificationReturned = 4, // 整改退回通知书
    AppealDecision = 14,       // 申诉复核决定书
}

/// <summary>
/// A notice to a community (通知书), issued in the transaction of the step it announces and frozen then: its number, date,
/// addressee, issuer and every word it says are stored as issued, so that nothing done later — a veto annulled, a title
/// restored, a deadline moved, a division renamed, a wording changed in code — rewrites a notice already sent
/// (docs/decisions/0013).
/// </summary>
public sealed class Notice
{
    private Notice() { } // for EF

    public Guid Id { get; private set; }

    /// <summary>e.g. 京无疫撤〔2022〕0108-0001 (<see cref="NoticeNumber"/>); unique.</summary>
    public string Number { get; private set; } = "";

    public NoticeKind Kind { get; private set; }
    public string CommunityCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";

    /// <summary>What it is about: the rectification task, or for a revocation the certification revoked.</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>The day it bears (Beijing).</summary>
    public DateOnly IssuedOn { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }
    public string IssuedByUserId { get; private set; } = "";
    public string IssuedByName { get; private set; } = "";

    /// <summary>The deadline it sets (整改期限), if any.</summary>
    public DateOnly? Deadline { get; private set; }

    public string Title { get; private set; } = "";
    public string Addressee { get; private set; } = "";
    public IReadOnlyList<string> Paragraphs { get; private set; } = [];
    public IReadOnlyList<string> Items { get; private set; } = [];
    public string Issuer { get; private set; } = "";

    /// <summary>The notice as it reads, for the print view, the API and a PDF alike.</summary>
    public NoticeText Text => new(Title, Number, Addressee, Paragraphs, Items, Issuer, IssuedOn);

    /// <summary>
    /// Issues the notice a step drafted, under its number, in the words of <see cref="NoticeWriter"/>. <paramref name="numbers"/>
    /// holds the numbers of every notice the same step issues, so that one may cite another (a revocation, its 整改通知书).
    /// </summary>
    public static Notice Issue(Actor actor, NoticeDraft draft, NoticeParties parties, IReadOnlyDictionary<NoticeKind, string> numbers, DateTimeOffset at)
    {
        var number = numbers[draft.Kind];
        var on = ProgrammeClock.DateOf(at);
        var text = NoticeWriter.Compose(draft, number, parties, on, numbers);
        return new Notice
        {
            Id = Guid.CreateVersion7(at),
            Number = number,
            Kind = draft.Kind,
            CommunityCode = draft.CommunityCode,
            DistrictCode = DivisionCode.DistrictOf(draft.CommunityCode),
            SubjectId = draft.SubjectId,
            IssuedOn = on,
            IssuedAtUtc = at.UtcDateTime,
            IssuedByUserId = actor.UserId,
            IssuedByName = actor.Name,
            Deadline = draft.Deadline,
            Title = text.Title,
            Addressee = text.Addressee,
            Paragraphs = text.Paragraphs,
            Items = text.Items,
            Issuer = text.Issuer,
        };
    }

    public static string Name(NoticeKind kind) => kind switch
    {
        NoticeKind.Revocation => "取消认定通知书",
        NoticeKind.Rectification => "整改通知书",
        NoticeKind.RectificationAccepted => "整改验收合格通知书",
        NoticeKind.RectificationReturned => "整改退回通知书",
        NoticeKind.AppealDecision => "申诉复核决定书",
        _ => kind.ToString(),
    };
}

/// <summary>
/// 通知书编号: <c>京无疫撤〔2022〕0108-0001</c> — as a certificate number (decision 0012), with the kind's own series: 无疫撤 (取消认定),
/// 无疫改 (整改), 无疫验 (整改验收合格), 无疫退 (整改退回); the year and district of the day it is issued, then the sequence
/// within that kind, district and year (docs/decisions/0013).
/// </summary>
public static class NoticeNumber
{
    public const int MaxLength = DocumentNumber.MaxLength;

    public static string Series(NoticeKind kind) => kind switch
    {
        NoticeKind.Revocation => "无疫撤",
        NoticeKind.Rectification => "无疫改",
        NoticeKind.RectificationAccepted => "无疫验",
        NoticeKind.RectificationReturned => "无疫退",
        NoticeKind.AppealDecision => "无疫复",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>What every number of the kind, district and year shares, e.g. <c>京无疫撤〔2022〕0108-</c>.</summary>
    public static string Prefix(NoticeKind kind, string districtCode, int year) => DocumentNumber.Prefix(Series(kind), districtCode, year);

    /// <summary>The number after <paramref name="highest"/> (the highest of the prefix on record, or null for the first).</summary>
    public static string Next(string prefix, string? highest) =>
        DocumentNumber.Of(prefix, (highest is null ? 0 : DocumentNumber.SequenceOf(highest, prefix)) + 1);
}

/// <summary>
/// A notice as it reads: what the HTML view and a PDF render. <paramref name="Items"/> are numbered (一、二、…) and follow the first
/// paragraph (整改事项); the other paragraphs come after them. <paramref name="Addressee"/> is written without its colon.
/// </summary>
public sealed record NoticeText(string Title, string Number, string Addressee, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Items,
    string Issuer, DateOnly Date);

/// <summary>Who a notice is from and to, as the division tree names them.</summary>
/// <param name="Addressee">The community's full name: 海淀区万寿路街道翠微路社区居委会.</param>
/// <param name="KindName">社区 or 村, as the notice addresses it (你社区, 你村).</param>
/// <param name="Issuer">The community-prevention group of the level that took the step (<see cref="IssuingBody"/>).</param>
/// <param name="Programme">北京市无疫社区（村）创建活动.</param>
public sealed record NoticeParties(string Addressee, string KindName, string Issuer, string Programme);

/// <summary>A veto as a notice cites it: kind, day, source, 事由 and the inspection notice's number.</summary>
public sealed record VetoGrounds(string KindName, DateOnly OccurredOn, string Source, string Description, string? DocumentReference)
{
    public static VetoGrounds Of(Veto veto) =>
        new(veto.KindName, ProgrammeClock.DateOf(ProgrammeClock.FromUtc(veto.OccurredAtUtc)), veto.Source, veto.Description, veto.DocumentReference);
}

/// <summary>A failed re-evaluation as a notice cites it: its cause, the engine's reasons (score against the pass mark), the district's words.</summary>
public sealed record ReEvaluationGrounds(string CauseName, IReadOnlyList<string> Reasons, string Comment);

/// <summary>What a step says it must announce, before the notice has a number, an addressee or words (see <see cref="NoticeWriter"/>).</summary>
public abstract record NoticeDraft(string CommunityCode, Guid SubjectId)
{
    public abstract NoticeKind Kind { get; }

    public virtual DateOnly? Deadline => null;
}

/// <summary>取消认定: the title revoked, on a veto or on a failed re-evaluation (exactly one of the two).</summary>
public sealed record RevocationDraft(string CommunityCode, Guid CertificationId, string CertificateNumber, int BatchNumber, DateOnly CertifiedOn,
    VetoGrounds? Veto, ReEvaluationGrounds? ReEvaluation, DateOnly RectificationDeadline) : NoticeDraft(CommunityCode, CertificationId)
{
    public override NoticeKind Kind => NoticeKind.Revocation;
}

/// <summary>整改: what to fix (the new matters), by when; <paramref name="Earlier"/> when they join a task already open.</summary>
public sealed record RectificationDraft(string CommunityCode, Guid TaskId, IReadOnlyList<string> Matters, DateOnly Until, string? Earlier)
    : NoticeDraft(CommunityCode, TaskId)
{
    public override NoticeKind Kind => NoticeKind.Rectification;

    public override DateOnly? Deadline => Until;
}

/// <summary>整改验收合格: the report accepted, the vetoes it clears.</summary>
public sealed record AcceptanceDraft(string CommunityCode, Guid TaskId, string Matters, DateOnly? ReportedOn, string? Comment, int VetoesCleared)
    : NoticeDraft(CommunityCode, TaskId)
{
    public override NoticeKind Kind => NoticeKind.RectificationAccepted;
}

/// <summary>申诉复核决定: the appeal (what, filed when), the answer with the decider's reasons, what follows.</summary>
public sealed record AppealDecisionDraft(string CommunityCode, Guid AppealId, string SubjectName, string Label, DateOnly FiledOn, bool Upheld,
    string Reasons, IReadOnlyList<string> Follows) : NoticeDraft(CommunityCode, AppealId)
{
    public override NoticeKind Kind => NoticeKind.AppealDecision;
}

/// <summary>整改退回: the report sent back, why, and the deadline to report again.</summary>
public sealed record ReturnDraft(string CommunityCode, Guid TaskId, string Matters, DateOnly? ReportedOn, int Return, string Reason, DateOnly Until)
    : NoticeDraft(CommunityCode, TaskId)
{
    public override NoticeKind Kind => NoticeKind.RectificationReturned;

    public override DateOnly? Deadline => Until;
}
