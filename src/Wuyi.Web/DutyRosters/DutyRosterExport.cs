using System.Globalization;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>One checkpoint on one day, as the coverage export writes it.</summary>
public sealed record CheckpointDayRow(DutyRosterView Roster, CheckpointDay Day);

/// <summary>The roster, its coverage and the officials' list as files to take away, for the pages and the API alike.</summary>
public static class DutyRosterExport
{
    /// <summary>The shifts, under the template's own columns first: the file can be corrected and uploaded again as it is.</summary>
    public static readonly TableExport<DutyShiftRecord> Shifts = new TableExport<DutyShiftRecord>("值守排班", "值守排班")
        .Text("卡口名称", s => s.Checkpoint, 18)
        .Text("日期", s => s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 12)
        .Text("开始时间", s => Clock(s.Start), 10)
        .Text("结束时间", s => s.End == TimeOnly.MinValue ? "24:00" : Clock(s.End), 10)
        .Text("值守人员", s => s.Person, 18)
        .Text("跨夜", s => s.End <= s.Start && s.End != TimeOnly.MinValue ? "是（次日结束）" : "", 14)
        .Text("区划代码", s => s.CommunityCode, 15)
        .Number("原表行号", s => s.Row, 8);

    public static readonly TableExport<CheckpointDayRow> Coverage = new TableExport<CheckpointDayRow>("排班覆盖情况", "排班覆盖")
        .Text("区划代码", r => r.Roster.Place.Community.Code, 15)
        .Text("社区（村）", r => r.Roster.Place.Community.Name, 20)
        .Date("日期", r => r.Day.Date)
        .Text("卡口名称", r => r.Day.Checkpoint, 18)
        .Text("全天覆盖", r => r.Day.FullyCovered ? "是" : "否", 8)
        .Number("覆盖率（%）", r => Math.Round((decimal)r.Day.Coverage * 100, 1), 10)
        .Number("覆盖时长（小时）", r => Math.Round((decimal)r.Day.Covered.TotalHours, 2), 12)
        .Number("班次", r => r.Day.Shifts, 6)
        .Number("最长缺口（分钟）", r => (decimal)Math.Round(r.Day.LongestGap.TotalMinutes), 12)
        .Text("缺口", r => string.Join("、", r.Day.Gaps.Select(g => g.Describe(r.Day.Date))), 40);

    public static readonly TableExport<CommunityRosterSummary> Summaries = new TableExport<CommunityRosterSummary>("排班覆盖汇总", "排班覆盖汇总")
        .Text("区划代码", r => r.Place.Community.Code, 15)
        .Text("社区（村）", r => r.Place.Community.Name, 20)
        .Text("街道（乡镇）", r => r.Place.Street.Name, 18)
        .Text("区", r => r.Place.District.Name, 10)
        .Date("期间起", r => r.Summary.From)
        .Date("期间止", r => r.Summary.To)
        .Number("卡口数", r => r.Summary.Checkpoints, 8)
        .Number("全天覆盖天数", r => r.Summary.FullyCoveredDays, 10)
        .Number("有缺口天数", r => r.Summary.GapDays, 10)
        .Number("无排班天数", r => r.Summary.NoRosterDays, 10)
        .Number("最长缺口（分钟）", r => (decimal)Math.Round(r.Summary.LongestGap.TotalMinutes), 12)
        .Date("最长缺口日期", r => r.Summary.LongestGapOn);

    private static string Clock(TimeOnly t) => t.ToString(t.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    public static async Task<ExportDownload<DutyShiftRecord>> ShiftsDownloadAsync(DutyRosterQueries q, Wuyi.Domain.Applications.Actor actor, ExportFormat format,
        string code, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var rows = await q.ShiftsAsync(actor, code, from, to, ct); // 404 before anything is written
        return new(Shifts, format, $"值守排班-{code}", () => rows);
    }

    public static async Task<ExportDownload<CheckpointDayRow>> CoverageDownloadAsync(DutyRosterQueries q, Wuyi.Domain.Applications.Actor actor, ExportFormat format,
        string code, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var roster = await q.RosterAsync(actor, code, from, to, ct);
        return new(Coverage, format, $"排班覆盖-{code}-{roster.From:yyyyMMdd}-{roster.To:yyyyMMdd}",
            () => Exports.From(roster.Days.SelectMany(d => d.Checkpoints.Select(c => new CheckpointDayRow(roster, c)))));
    }

    public static ExportDownload<CommunityRosterSummary> SummariesDownload(DutyRosterQueries q, Wuyi.Domain.Applications.Actor actor, ExportFormat format,
        string? within, DateOnly? from, DateOnly? to)
    {
        Wuyi.Domain.Applications.Permissions.Require(actor, Wuyi.Domain.Applications.Permission.ReadDutyRoster);
        var (start, end) = q.Period(from, to);
        return new(Summaries, format, $"排班覆盖汇总-{start:yyyyMMdd}-{end:yyyyMMdd}", () => q.AllSummariesAsync(actor, within, start, end, CancellationToken.None));
    }
}
