using System.Globalization;

namespace Wuyi.Domain.Common;

/// <summary>
/// A free-text input: the name its form and API give it, its Chinese label, and the longest text it takes (the
/// database column's length, so that PostgreSQL and SQLite refuse the same text, here, in Chinese).
/// </summary>
public sealed record TextField(string Key, string Label, int Max)
{
    /// <summary>The text trimmed, or null when blank; refused when longer than <see cref="Max"/>.</summary>
    public string? Optional(string? text)
    {
        var clean = TextLimits.Clean(text);
        if (TooLong(clean) is { } message)
            throw DomainException.Invalid("text-too-long", message, new Dictionary<string, string[]> { [Key] = [message] });
        return clean;
    }

    /// <summary>Why the text is too long, naming the field, or null when it fits.</summary>
    public string? TooLong(string? text) => text is { Length: var n } && n > Max
        ? $"“{Label}”不能超过 {Max.ToString(CultureInfo.InvariantCulture)} 字（当前 {n.ToString("N0", CultureInfo.InvariantCulture)} 字）"
        : null;

    /// <summary>The text trimmed; refused when blank (with <paramref name="missing"/>) or too long.</summary>
    public string Required(string? text, string missing) =>
        Optional(text) ?? throw DomainException.Invalid("reason-required", missing, new Dictionary<string, string[]> { [Key] = [missing] });
}

/// <summary>
/// Every free-text field people type, with its bound (文字长度上限). One table, so the limits, the forms' <c>maxlength</c>
/// and the database columns agree; one guard (<see cref="TextField.Optional"/>) trims, checks and refuses.
/// </summary>
public static class TextLimits
{
    // Applications (申报)
    public static readonly TextField SelfNote = new("note", "补充说明", 2000);
    public static readonly TextField Findings = new("findings", "现场复核意见", 4000);
    public static readonly TextField IndicatorFinding = new("indicatorFindings", "评定意见", 1000); // one indicator's (逐项评定意见)
    public static readonly TextField Comment = new("comment", "意见", 2000);
    public static readonly TextField Reason = new("reason", "理由", 2000); // a step's label: Reason with { Label = "退回理由" }

    // Publication (公布)
    public static readonly TextField BatchTitle = new("title", "批次名称", 200);

    // Dynamic management (动态管理)
    public static readonly TextField VetoSource = new("source", "来源", 200);
    public static readonly TextField VetoDescription = new("description", "事件情况", 4000);
    public static readonly TextField DocumentReference = new("documentReference", "通报文号或报道链接", 500);
    public static readonly TextField AnnulmentReason = new("reason", "撤销理由", 2000);
    public static readonly TextField RectificationReport = new("report", "整改情况", 4000);
    public static readonly TextField Evidence = new("evidence", "佐证材料", 2000);
    public static readonly TextField AcceptanceComment = new("comment", "验收意见", 2000);
    public static readonly TextField ReturnReason = new("reason", "退回理由", 2000);
    public static readonly TextField ReEvaluationComment = new("comment", "重新评定意见", 2000);
    public static readonly TextField PassMarkReason = new("reason", "调整理由", 2000);

    // Residents' reports (群众监督)
    public static readonly TextField ReportText = new("text", "反映内容", 1000);
    public static readonly TextField ReportContact = new("contact", "联系电话", 32);
    public static readonly TextField ReportOutcome = new("outcome", "办理结果（公开）", 200);
    public static readonly TextField ReportNote = new("note", "内部备注", 2000);

    // Scales and accounts (量表、账号)
    public static readonly TextField ScaleId = new("id", "量表版本编号", 64);
    public static readonly TextField ScaleName = new("name", "量表名称", 200);
    public static readonly TextField UserName = new("userName", "用户名", 256);
    public static readonly TextField DisplayName = new("displayName", "单位名称", 100);
    public static readonly TextField DivisionName = new("name", "区划名称", 100);
    public static readonly TextField Phone = new("phone", "手机号", 32);

    /// <summary>A composed text that holds people's text (a re-evaluation's detail): bounded by cutting, never refused.</summary>
    public const int Detail = 4000;

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>At most <paramref name="max"/> characters: a longer text keeps its beginning and ends in “…”.</summary>
    public static string Fit(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1; // never half a character
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
