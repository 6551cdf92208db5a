using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.ResidentReports;

/// <summary>What a resident reports (反映问题类型); the kinds are data, each with its Chinese name.</summary>
public enum ReportKind
{
    UnstaffedCheckpoint = 1,  // 卡口无人值守
    NoTemperatureOrScan = 2,  // 未落实测温扫码
    Sanitation = 3,           // 环境卫生
    Other = 9,                // 其他
}

/// <summary>Where a report stands, as the resident sees it on the status page.</summary>
public enum ReportStatus
{
    Received = 1,           // 已收到
    Checking = 2,           // 核查中
    PassedToInspection = 3, // 已转督导检查（待核查线索）
    Closed = 4,             // 已办结
}

/// <summary>
/// A resident's report on a community (群众监督): taken without an account, never shown publicly, found by its receipt
/// number (<see cref="ReceiptNumber"/>) for its status, and handled by the district or the city in scope: checked,
/// passed to inspection as a lead (待核查线索), closed with a public outcome line and an internal note.
/// </summary>
public sealed class ResidentReport
{
    private ResidentReport() { } // for EF

    public Guid Id { get; private set; }

    /// <summary>The receipt number as stored (no separators), unique.</summary>
    public string Receipt { get; private set; } = "";

    public string CommunityCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public ReportKind Kind { get; private set; }
    public string Text { get; private set; } = "";

    /// <summary>The resident's phone, if given: only officials in scope read it.</summary>
    public string? Contact { get; private set; }

    public DateTime ReceivedAtUtc { get; private set; }
    public ReportStatus Status { get; private set; }

    /// <summary>The photo under the uploads folder (a random name), checked and stripped like evidence; null without one.</summary>
    public string? PhotoStoredName { get; private set; }
    public string? PhotoContentType { get; private set; }
    public long? PhotoLength { get; private set; }
    public string? PhotoSha256 { get; private set; }

    /// <summary>The one line the resident reads on the status page once the report is closed (办理结果).</summary>
    public string? PublicOutcome { get; private set; }

    /// <summary>What the officials keep for themselves (内部备注); never shown to the resident.</summary>
    public string? InternalNote { get; private set; }

    public DateTime? PassedToInspectionAtUtc { get; private set; }
    public DateTime? ClosedAtUtc { get; private set; }
    public string? HandledByUserId { get; private set; }
    public string? HandledByName { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Bumped by every change (concurrency token).</summary>
    public int Version { get; private set; }

    public bool IsOpen => Status != ReportStatus.Closed;

    /// <summary>A report as it arrives: a kind, a text, an optional phone, and the resident's consent.</summary>
    public static ResidentReport Receive(string communityCode, ReportKind kind, string? text, string? contact, bool consent, string receipt,
        DateTimeOffset at)
    {
        if (!Enum.IsDefined(kind)) throw Invalid("kind-invalid", "kind", "请选择反映的问题类型");
        var body = TextLimits.ReportText.Required(text, "请填写反映的问题");
        if (body.Length < MinTextLength) throw Invalid("report-text-too-short", "text", $"请把问题说清楚，至少 {MinTextLength} 个字");
        var phone = CheckedPhone(TextLimits.ReportContact.Optional(contact));
        if (!consent) throw Invalid("consent-required", "consent", "请勾选同意：反映内容仅供核查使用，不会公开");
        if (ReceiptNumber.Normalise(receipt) != receipt) throw new ArgumentException("not a receipt number", nameof(receipt));
        return new ResidentReport
        {
            Id = Guid.CreateVersion7(at),
            Receipt = receipt,
            CommunityCode = communityCode,
            DistrictCode = DivisionCode.DistrictOf(communityCode),
            Kind = kind,
            Text = body,
            Contact = phone,
            ReceivedAtUtc = at.UtcDateTime,
            UpdatedAtUtc = at.UtcDateTime,
            Status = ReportStatus.Received,
            Version = 1,
        };
    }

    /// <summary>The shortest text taken: a report has to say something an inspector can check.</summary>
    public const int MinTextLength = 5;

    /// <summary>The photo taken with the report, once the uploads have checked it.</summary>
    public void AttachPhoto(string storedName, string contentType, long length, string sha256)
    {
        PhotoStoredName = storedName;
        PhotoContentType = contentType;
        PhotoLength = length;
        PhotoSha256 = sha256;
    }

    /// <summary>The district or the city begins to check the report (核查中).</summary>
    public StepConsequences StartChecking(Actor actor, DateTimeOffset at)
    {
        Require(actor, [ReportStatus.Received], "开始核查");
        Status = ReportStatus.Checking;
        Touch(actor, at);
        return new("", "已开始核查，反映人查询时显示“核查中”");
    }

    /// <summary>The report becomes a lead for inspection (待核查线索): the supervisors' inspections take it up.</summary>
    public StepConsequences PassToInspection(Actor actor, string? note, DateTimeOffset at)
    {
        Require(actor, [ReportStatus.Received, ReportStatus.Checking], "转为待核查线索");
        var clean = TextLimits.ReportNote.Optional(note);
        Status = ReportStatus.PassedToInspection;
        PassedToInspectionAtUtc = at.UtcDateTime;
        if (clean is not null) InternalNote = clean;
        Touch(actor, at);
        return new("", "已转为待核查线索，反映人查询时显示“已转督导检查”");
    }

    /// <summary>What closing would do, in words; changes nothing (the same checks as <see cref="Close"/>).</summary>
    public StepConsequences PreviewClose(Actor actor, string? outcome, string? note)
    {
        Require(actor, [ReportStatus.Received, ReportStatus.Checking, ReportStatus.PassedToInspection], "办结");
        var (line, _) = Closing(outcome, note);
        return new($"办结回执号 {ReceiptNumber.Format(Receipt)} 的反映：办结后不能再更改，反映人查询时将看到“已办结”和办理结果“{line}”；内部备注不公开",
            $"已办结，反映人查询时将看到办理结果“{line}”");
    }

    /// <summary>Closes the report with the line the resident reads and a note the officials keep (办结).</summary>
    public StepConsequences Close(Actor actor, string? outcome, string? note, DateTimeOffset at)
    {
        var said = PreviewClose(actor, outcome, note);
        var (line, clean) = Closing(outcome, note);
        Status = ReportStatus.Closed;
        PublicOutcome = line;
        if (clean is not null) InternalNote = clean;
        ClosedAtUtc = at.UtcDateTime;
        Touch(actor, at);
        return said;
    }

    private static (string Line, string? Note) Closing(string? outcome, string? note) =>
        (TextLimits.ReportOutcome.Required(outcome, "请填写向反映人公开的办理结果"), TextLimits.ReportNote.Optional(note));

    private void Require(Actor actor, ReportStatus[] from, string step)
    {
        Permissions.Require(actor, Permission.HandleResidentReports);
        if (!actor.Covers(CommunityCode)) throw DomainException.Forbidden("out-of-scope", "该社区（村）不在您的管辖范围内");
        if (!from.Contains(Status))
            throw DomainException.Conflict("illegal-transition", $"该反映当前状态为“{StatusName(Status)}”，不能{step}");
    }

    private void Touch(Actor actor, DateTimeOffset at)
    {
        HandledByUserId = actor.UserId;
        HandledByName = actor.Name;
        UpdatedAtUtc = at.UtcDateTime;
        Version++;
    }

    /// <summary>A phone as residents write it: digits with an optional +, spaces or hyphens, 7 to 15 digits.</summary>
    private static string? CheckedPhone(string? phone)
    {
        if (phone is null) return null;
        var digits = phone.Count(char.IsAsciiDigit);
        var plain = phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')') && phone.IndexOf('+', 1) < 0;
        if (!plain || digits is < 7 or > 15) throw Invalid("contact-invalid", "contact", "联系电话格式不正确：请填写手机号或固定电话，也可以不填");
        return phone;
    }

    private static DomainException Invalid(string code, string field, string message) =>
        DomainException.Invalid(code, message, new Dictionary<string, string[]> { [field] = [message] });

    public static string KindName(ReportKind kind) => kind switch
    {
        ReportKind.UnstaffedCheckpoint => "卡口无人值守",
        ReportKind.NoTemperatureOrScan => "未落实测温扫码",
        ReportKind.Sanitation => "环境卫生",
        ReportKind.Other => "其他",
        _ => kind.ToString(),
    };

    public static string StatusName(ReportStatus status) => status switch
    {
        ReportStatus.Received => "已收到",
        ReportStatus.Checking => "核查中",
        ReportStatus.PassedToInspection => "已转督导检查",
        ReportStatus.Closed => "已办结",
        _ => status.ToString(),
    };
}
