using System.Globalization;

namespace Wuyi.Domain.Supervision;

/// <summary>
/// One shift of a checkpoint's duty roster (值守排班): the checkpoint (卡口), the Beijing date it starts on, its start and
/// end on the clock, and who is on duty (值守人员). An end at or before the start is on the next day (a night shift past
/// midnight; the same time is a whole 24 hours).
/// </summary>
public sealed record DutyShift(string Checkpoint, DateOnly Date, TimeOnly Start, TimeOnly End, string Person)
{
    /// <summary>Whether the shift ends on the next day (结束时间不晚于开始时间即为次日).</summary>
    public bool PastMidnight => End <= Start;

    /// <summary>The length on the clock (a day with a daylight-saving change is measured by <see cref="DutyRosterCoverage"/>).</summary>
    public TimeSpan Length => PastMidnight ? TimeSpan.FromDays(1) - (Start - End) : End - Start;

    /// <summary>The local start and end, the end on the next day when the shift is past midnight.</summary>
    public (DateTime From, DateTime To) Local =>
        (Date.ToDateTime(Start), (PastMidnight ? Date.AddDays(1) : Date).ToDateTime(End));

    /// <summary>“06-01 20:00–次日08:00”.</summary>
    public string Describe() => $"{Date.ToString("MM-dd", CultureInfo.InvariantCulture)} {Start:HH\\:mm}–{(PastMidnight ? "次日" : "")}{End:HH\\:mm}";
}

/// <summary>
/// What a roster row must be (排班表导入规则). The bounds are the programme's defaults, not the city's rules: a roster
/// is checked for what a typing slip looks like, never for how a community organises its duty.
/// </summary>
public static class DutyRosterRules
{
    /// <summary>The longest checkpoint name and person's name taken (database columns of the same length).</summary>
    public const int MaxCheckpointLength = 50;
    public const int MaxPersonLength = 50;

    /// <summary>A shift shorter than this is a slip (08:00–08:05), not a shift.</summary>
    public static readonly TimeSpan MinShift = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest shift past midnight read as such: 20:00–08:00 is a night shift (12 hours), 14:00–12:00 (22 hours) is an end
    /// typed before its start. An end at midnight (06:00–24:00) and a whole day (start = end) are taken as said.
    /// </summary>
    public static readonly TimeSpan MaxPastMidnight = TimeSpan.FromHours(16);

    /// <summary>How far back and ahead a roster may reach from today: a year of record, two months planned.</summary>
    public const int MaxDaysBack = 366;
    public const int MaxDaysAhead = 62;

    /// <summary>Why a shift cannot be taken, as (column, reason) in Chinese; empty when it can.</summary>
    public static IEnumerable<(string Column, string Reason)> Problems(DutyShift shift, DateOnly today)
    {
        if (shift.Checkpoint.Length > MaxCheckpointLength)
            yield return ("卡口名称", $"卡口名称不能超过 {MaxCheckpointLength} 字");
        if (shift.Person.Length > MaxPersonLength)
            yield return ("值守人员", $"值守人员不能超过 {MaxPersonLength} 字");
        if (shift.Date < today.AddDays(-MaxDaysBack))
            yield return ("日期", $"日期 {shift.Date:yyyy-MM-dd} 早于一年前，不再导入");
        else if (shift.Date > today.AddDays(MaxDaysAhead))
            yield return ("日期", $"日期 {shift.Date:yyyy-MM-dd} 晚于今天 {MaxDaysAhead} 天以上：排班最多提前两个月上报");
        var length = shift.Length;
        // An end at midnight (00:00 or 24:00) ends the day, however early the start; X–X is a whole 24 hours, said on purpose.
        if (shift.End < shift.Start && shift.End != TimeOnly.MinValue && length > MaxPastMidnight)
            yield return ("结束时间", $"结束时间 {shift.End:HH\\:mm} 早于开始时间 {shift.Start:HH\\:mm}：如为跨夜班次则长达 {Hours(length)}，" +
                                  $"超过 {Hours(MaxPastMidnight)}，请检查是否填反");
        else if (length < MinShift)
            yield return ("结束时间", $"班次只有 {(int)length.TotalMinutes} 分钟，不足 {(int)MinShift.TotalMinutes} 分钟，请检查开始和结束时间");
    }

    /// <summary>“3 小时”, “2 小时 30 分钟”, “45 分钟”.</summary>
    public static string Hours(TimeSpan length)
    {
        var minutes = (long)Math.Round(length.TotalMinutes);
        var (h, m) = (minutes / 60, minutes % 60);
        return h == 0 ? $"{m} 分钟" : m == 0 ? $"{h} 小时" : $"{h} 小时 {m} 分钟";
    }

    /// <summary>The name a checkpoint is matched by: spaces removed and full-width letters and digits folded (“东门 ” = “东门”).</summary>
    public static string Normalize(string checkpoint) =>
        new string([.. checkpoint.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]);
}
