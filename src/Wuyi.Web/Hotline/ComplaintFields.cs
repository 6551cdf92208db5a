using System.Globalization;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;

namespace Wuyi.Web.Hotline;

/// <summary>
/// One complaint as it arrives, before it is checked: typed where the source said something readable, null where
/// it said nothing. A file's text goes through <see cref="ComplaintText"/> first; the API's JSON binds straight to it.
/// </summary>
public sealed record ComplaintFields(
    string? Number,
    DateTimeOffset? ReceivedAt,
    string? CommunityCode,
    string? Street,    // 街道（乡镇）: a 9-digit code or a name, to match a community by name when there is no code
    string? Community, // 社区（村）名称
    bool? EpidemicRelated,
    DateTimeOffset? ResponseDeadline,
    DateTimeOffset? RespondedAt,
    FollowUpResult? FollowUp);

/// <summary>A row left out of an import, and why (in Chinese, for the person who fixes the file).</summary>
public sealed record Rejection(int Row, string? Number, string Field, string Reason);

/// <summary>The columns of a hotline export, by every name the exports are known to use.</summary>
public enum ComplaintColumn
{
    Number, ReceivedAt, CommunityCode, Street, Community, EpidemicRelated, ResponseDeadline, RespondedAt, FollowUp,
}

/// <summary>Reads the text of a hotline export's cells: Chinese headers and values as the hotline writes them.</summary>
public static class ComplaintText
{
    public static string Label(ComplaintColumn c) => c switch
    {
        ComplaintColumn.Number => "工单编号",
        ComplaintColumn.ReceivedAt => "受理时间",
        ComplaintColumn.CommunityCode => "社区编码",
        ComplaintColumn.Street => "街道（乡镇）",
        ComplaintColumn.Community => "社区（村）名称",
        ComplaintColumn.EpidemicRelated => "是否涉疫",
        ComplaintColumn.ResponseDeadline => "答复时限",
        ComplaintColumn.RespondedAt => "答复时间",
        ComplaintColumn.FollowUp => "回访结果",
        _ => c.ToString(),
    };

    private static readonly Dictionary<string, ComplaintColumn> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["工单编号"] = ComplaintColumn.Number, ["工单号"] = ComplaintColumn.Number, ["诉求编号"] = ComplaintColumn.Number, ["number"] = ComplaintColumn.Number,
        ["受理时间"] = ComplaintColumn.ReceivedAt, ["来电时间"] = ComplaintColumn.ReceivedAt, ["receivedat"] = ComplaintColumn.ReceivedAt,
        ["社区编码"] = ComplaintColumn.CommunityCode, ["社区代码"] = ComplaintColumn.CommunityCode, ["社区(村)编码"] = ComplaintColumn.CommunityCode,
        ["社区区划代码"] = ComplaintColumn.CommunityCode, ["communitycode"] = ComplaintColumn.CommunityCode,
        ["街道"] = ComplaintColumn.Street, ["街道(乡镇)"] = ComplaintColumn.Street, ["街乡"] = ComplaintColumn.Street, ["街乡镇"] = ComplaintColumn.Street,
        ["街道编码"] = ComplaintColumn.Street, ["street"] = ComplaintColumn.Street,
        ["社区"] = ComplaintColumn.Community, ["社区名称"] = ComplaintColumn.Community, ["社区(村)"] = ComplaintColumn.Community,
        ["社区(村)名称"] = ComplaintColumn.Community, ["村(社区)"] = ComplaintColumn.Community, ["community"] = ComplaintColumn.Community,
        ["是否涉疫"] = ComplaintColumn.EpidemicRelated, ["涉疫"] = ComplaintColumn.EpidemicRelated, ["涉疫诉求"] = ComplaintColumn.EpidemicRelated,
        ["epidemicrelated"] = ComplaintColumn.EpidemicRelated,
        ["答复时限"] = ComplaintColumn.ResponseDeadline, ["答复期限"] = ComplaintColumn.ResponseDeadline, ["办理时限"] = ComplaintColumn.ResponseDeadline,
        ["responsedeadline"] = ComplaintColumn.ResponseDeadline,
        ["答复时间"] = ComplaintColumn.RespondedAt, ["respondedat"] = ComplaintColumn.RespondedAt,
        ["回访结果"] = ComplaintColumn.FollowUp, ["回访满意度"] = ComplaintColumn.FollowUp, ["followup"] = ComplaintColumn.FollowUp,
    };

    /// <summary>The column a header names, or null for one the import does not use (exports carry many).</summary>
    public static ComplaintColumn? Column(string header)
    {
        var key = header.Trim().Trim('\uFEFF').Replace(" ", "").Replace("　", "").Replace('（', '(').Replace('）', ')');
        return Headers.TryGetValue(key, out var c) ? c : null;
    }

    /// <summary>Maps header cells to columns; a file that repeats a column or lacks a required one cannot be read.</summary>
    public static int[] MapHeader(IReadOnlyList<string> headers)
    {
        var index = Enumerable.Repeat(-1, Enum.GetValues<ComplaintColumn>().Length).ToArray();
        var problems = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (Column(headers[i]) is not { } c) continue;
            if (index[(int)c] >= 0) problems.Add($"列“{Label(c)}”出现了两次（第 {index[(int)c] + 1} 列和第 {i + 1} 列）");
            else index[(int)c] = i;
        }
        var missing = new[] { ComplaintColumn.Number, ComplaintColumn.ReceivedAt, ComplaintColumn.EpidemicRelated, ComplaintColumn.ResponseDeadline }
            .Where(c => index[(int)c] < 0).Select(Label).ToList();
        if (index[(int)ComplaintColumn.CommunityCode] < 0 && (index[(int)ComplaintColumn.Street] < 0 || index[(int)ComplaintColumn.Community] < 0))
            missing.Add("社区编码（或街道（乡镇）与社区（村）名称）");
        if (missing.Count > 0) problems.Add($"缺少必需的列：{string.Join("、", missing)}");
        if (problems.Count > 0)
            throw ImportFileException.Because($"表头无法识别：{string.Join("；", problems)}。第一行应为列名，如 工单编号、受理时间、社区编码、是否涉疫、答复时限、答复时间、回访结果");
        return index;
    }

    /// <summary>
    /// Parses the text cells of one row; a value that cannot be read becomes a rejection. Times without an offset
    /// are Beijing time, as the hotline writes them.
    /// </summary>
    public static ComplaintFields Parse(Func<ComplaintColumn, string?> cell, int row, List<Rejection> errors)
    {
        var number = Clean(cell(ComplaintColumn.Number));
        string? Text(ComplaintColumn c) => Clean(cell(c));
        DateTimeOffset? Instant(ComplaintColumn c)
        {
            var text = Text(c);
            if (text is null) return null;
            if (TryInstant(text, out var v)) return v;
            errors.Add(new(row, number, Label(c), $"“{Shorten(text)}”不是有效的时间，应如 2022-06-01 09:30:00"));
            return null;
        }
        bool? epidemic = null;
        if (Text(ComplaintColumn.EpidemicRelated) is { } e)
        {
            epidemic = TryYesNo(e);
            if (epidemic is null) errors.Add(new(row, number, Label(ComplaintColumn.EpidemicRelated), $"“{Shorten(e)}”应为 是 或 否"));
        }
        FollowUpResult? followUp = null;
        if (Text(ComplaintColumn.FollowUp) is { } f)
        {
            followUp = TryFollowUp(f);
            if (followUp is null) errors.Add(new(row, number, Label(ComplaintColumn.FollowUp), $"“{Shorten(f)}”应为 满意、基本满意、不满意 或 未回访"));
        }
        return new ComplaintFields(number, Instant(ComplaintColumn.ReceivedAt), Text(ComplaintColumn.CommunityCode), Text(ComplaintColumn.Street),
            Text(ComplaintColumn.Community), epidemic, Instant(ComplaintColumn.ResponseDeadline), Instant(ComplaintColumn.RespondedAt), followUp);
    }

    public static string? Clean(string? value)
    {
        if (value is null) return null;
        var t = value.Trim();
        return t.Length == 0 ? null : t;
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy年M月d日 H:mm:ss", "yyyy年M月d日 H:mm", "yyyy年M月d日H:mm", "yyyy-MM-dd", "yyyy/M/d", "yyyy年M月d日",
    ];

    public static bool TryInstant(string text, out DateTimeOffset value)
    {
        // The hotline's own format first, by hand: most rows of a large file take this path.
        var s = text.AsSpan();
        if (s.Length == 19 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':'
            && Digits(s[..4], out var y) && Digits(s.Slice(5, 2), out var mo) && Digits(s.Slice(8, 2), out var d)
            && Digits(s.Slice(11, 2), out var h) && Digits(s.Slice(14, 2), out var mi) && Digits(s.Slice(17, 2), out var se)
            && y >= 2000 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) && h < 24 && mi < 60 && se < 60)
        {
            value = new DateTimeOffset(y, mo, d, h, mi, se, ProgrammeClock.Offset);
            return true;
        }
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            value = new DateTimeOffset(local, ProgrammeClock.Offset);
            return local.Year >= 2000;
        }
        // An explicit offset (ISO 8601 from another system) is taken as written.
        if ((text.Contains('+') || text.EndsWith('Z') || text.LastIndexOf('-') > 9)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value))
            return value.Year >= 2000;
        value = default;
        return false;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public static bool? TryYesNo(string text) => text.Trim().ToLowerInvariant() switch
    {
        "是" or "涉疫" or "y" or "yes" or "true" or "1" or "√" => true,
        "否" or "非涉疫" or "不涉疫" or "n" or "no" or "false" or "0" or "×" => false,
        _ => null,
    };

    public static FollowUpResult? TryFollowUp(string text) => text.Trim() switch
    {
        "满意" or "非常满意" or "基本满意" or "比较满意" or "satisfied" or "Satisfied" => FollowUpResult.Satisfied,
        "不满意" or "非常不满意" or "dissatisfied" or "Dissatisfied" => FollowUpResult.Dissatisfied,
        "未回访" or "无" or "-" or "none" or "None" => FollowUpResult.None,
        _ => null,
    };
}

/// <summary>A file that cannot be read as a hotline export at all: nothing of it is imported.</summary>
public sealed class ImportFileException(string message) : Exception(message)
{
    public static ImportFileException Because(string message) => new(message);
}
