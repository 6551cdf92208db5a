using System.Globalization;
using Wuyi.Domain.Common;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>What is wrong with one cell (or the whole row) of a roster, in Chinese.</summary>
public sealed record DutyRosterProblem(int Row, string Column, string Reason);

/// <summary>One column of the roster template as the page explains it.</summary>
public sealed record DutyRosterColumn(string Label, string[] Aliases, string Format, string Example);

/// <summary>
/// The duty roster file (值守排班表): the template's columns under the names they are read by, and each row read into a
/// shift or the reasons it cannot be (missing, not a date, not a time). The file itself is read as any uploaded table
/// (<see cref="SpreadsheetFile"/>); the rules a shift must meet are the domain's (<see cref="DutyRosterRules"/>).
/// </summary>
public static class DutyRosterFile
{
    /// <summary>Four checkpoints, three shifts a day, two months are ~750 rows; far more is not one community's roster.</summary>
    public const int MaxRows = 5_000;

    /// <summary>5,000 short rows are well under 1 MB; an .xlsx saved by Excel with styles stays under this.</summary>
    public const long MaxBytes = 5L * 1024 * 1024;

    public const string Kind = "值守排班表";

    public static readonly IReadOnlyList<DutyRosterColumn> Columns =
    [
        new("卡口名称", ["卡口名称", "卡口", "卡口名", "点位", "卡口点位"], $"卡口的名称，同一卡口每行写法一致（空格不计），最长 {DutyRosterRules.MaxCheckpointLength} 字", "东门卡口"),
        new("日期", ["日期", "值守日期", "排班日期"], "班次开始的日期（北京时间），如 2022-06-01、2022/6/1、2022年6月1日", "2022-06-01"),
        new("开始时间", ["开始时间", "上岗时间", "起始时间", "开始"], "时:分，如 08:00", "08:00"),
        new("结束时间", ["结束时间", "下岗时间", "截止时间", "结束"], "时:分；不晚于开始时间即为次日（如 20:00 至 08:00），24:00 即当日结束；与开始时间相同为整 24 小时", "20:00"),
        new("值守人员", ["值守人员", "值守人", "值班人员", "姓名", "人员"], $"姓名，多人用顿号分开，最长 {DutyRosterRules.MaxPersonLength} 字", "张三、李四"),
    ];

    public static IReadOnlyList<string> Header => [.. Columns.Select(c => c.Label)];

    private const int CheckpointColumn = 0, DateColumn = 1, StartColumn = 2, EndColumn = 3, PersonColumn = 4;

    /// <summary>Reads the file: its rows as shifts, or the problems of every bad row; a file that cannot be read at all throws <see cref="ImportFileException"/>.</summary>
    public static (List<(int Row, DutyShift Shift)> Shifts, List<DutyRosterProblem> Problems) Read(Stream file, DateOnly today)
    {
        var (header, rows) = SpreadsheetFile.Read(file, Kind, MaxRows,
            () => ImportFileException.Because($"文件超过 {MaxRows:N0} 行的上限：请按月份分开上报"));
        var map = MapHeader(header);
        if (rows.Count == 0) throw ImportFileException.Because("文件中没有排班数据（只有表头或为空）");
        var shifts = new List<(int, DutyShift)>();
        var problems = new List<DutyRosterProblem>();
        foreach (var row in rows)
        {
            string? Cell(int column) => map[column] < row.Cells.Length ? Clean(row.Cells[map[column]]) : null;
            var before = problems.Count;
            void Problem(int column, string reason) => problems.Add(new(row.Row, Columns[column].Label, reason));

            var checkpoint = Cell(CheckpointColumn);
            if (checkpoint is null) Problem(CheckpointColumn, "缺少卡口名称");
            var person = Cell(PersonColumn);
            if (person is null) Problem(PersonColumn, "缺少值守人员");
            var date = Cell(DateColumn) is { } d ? ParseDate(d) : null;
            if (Cell(DateColumn) is null) Problem(DateColumn, "缺少日期");
            else if (date is null) Problem(DateColumn, $"“{ComplaintText.Shorten(Cell(DateColumn)!)}”不是有效的日期，请写成 2022-06-01");
            var (start, _) = Cell(StartColumn) is { } s ? ParseTime(s) : (null, false);
            if (Cell(StartColumn) is null) Problem(StartColumn, "缺少开始时间");
            else if (start is null) Problem(StartColumn, $"“{ComplaintText.Shorten(Cell(StartColumn)!)}”不是有效的时间，请写成 08:00");
            var (end, nextDay) = Cell(EndColumn) is { } e ? ParseTime(e) : (null, false);
            if (Cell(EndColumn) is null) Problem(EndColumn, "缺少结束时间");
            else if (end is null) Problem(EndColumn, $"“{ComplaintText.Shorten(Cell(EndColumn)!)}”不是有效的时间，请写成 20:00");
            if (problems.Count > before) continue;

            var shift = new DutyShift(checkpoint!, date!.Value, start!.Value, end!.Value, person!);
            if (nextDay && end > start)
                Problem(EndColumn, $"写明“次日”的结束时间 {end:HH\\:mm} 晚于开始时间 {start:HH\\:mm}，班次超过 24 小时");
            foreach (var (column, reason) in DutyRosterRules.Problems(shift, today))
                problems.Add(new(row.Row, column, reason));
            if (problems.Count == before) shifts.Add((row.Row, shift));
        }
        return (shifts, problems);
    }

    private static int[] MapHeader(string[] header)
    {
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').Replace("*", "", StringComparison.Ordinal).Trim()).ToArray();
        var map = new int[Columns.Count];
        var missing = new List<string>();
        for (var i = 0; i < Columns.Count; i++)
        {
            map[i] = Array.FindIndex(names, n => Columns[i].Aliases.Contains(n, StringComparer.OrdinalIgnoreCase));
            if (map[i] < 0) missing.Add(Columns[i].Label);
        }
        if (missing.Count > 0)
            throw ImportFileException.Because($"表头缺少“{string.Join("”“", missing)}”列：第一行须为 {string.Join("、", Header)}（可下载排班表模板）");
        return map;
    }

    private static string? Clean(string? cell) => string.IsNullOrWhiteSpace(cell) ? null : cell.Trim();

    private static readonly string[] DateFormats =
        ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss"];

    /// <summary>A date as written, or as Excel keeps it (a serial number; an .xlsx date cell).</summary>
    public static DateOnly? ParseDate(string text)
    {
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var written))
            return InRange(DateOnly.FromDateTime(written));
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 36526 and < 73051) // 2000..2100
            return InRange(DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial))));
        return null;
    }

    private static DateOnly? InRange(DateOnly date) => date >= ProgrammeClock.Earliest && date <= ProgrammeClock.Latest ? date : null;

    private static readonly string[] TimeFormats = ["H:mm", "H:mm:ss", "HH:mm", "HH:mm:ss", "H：mm", "HHmm"];

    /// <summary>
    /// A time of day as written (08:00, 8:00:00, 24:00 = the end of the day, “次日08:00”), or as Excel keeps it (a fraction of a
    /// day; a date and time whose time is taken). Whether it said 次日 (the next day) on its own.
    /// </summary>
    public static (TimeOnly? Time, bool NextDay) ParseTime(string text)
    {
        var t = text.Replace(" ", "", StringComparison.Ordinal);
        var nextDay = t.StartsWith("次日", StringComparison.Ordinal);
        if (nextDay) t = t[2..];
        if (t is "24:00" or "24:00:00" or "2400") return (TimeOnly.MinValue, nextDay);
        if (TimeOnly.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var written)) return (written, nextDay);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial >= 0 && serial < 73051)
        {
            var minutes = (long)Math.Round((serial - Math.Floor(serial)) * 24 * 60);
            if (serial > 0 && serial == Math.Floor(serial) && serial < 2) return (TimeOnly.MinValue, nextDay); // 1 = 24:00
            return (TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes % (24 * 60))), nextDay);
        }
        return (null, nextDay);
    }

    /// <summary>The template with two example days of two checkpoints around the clock, from tomorrow (so that they import as they are).</summary>
    public static (byte[] Bytes, string Type, string Name)? Template(string? format, DateOnly today)
    {
        string Day(int i) => today.AddDays(i + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        IReadOnlyList<IReadOnlyList<string?>> examples =
        [
            ["东门卡口", Day(0), "08:00", "20:00", "张三、李四"],
            ["东门卡口", Day(0), "20:00", "08:00", "王五"],
            ["西门卡口", Day(0), "00:00", "24:00", "赵六"],
            ["东门卡口", Day(1), "08:00", "20:00", "张三、李四"],
            ["东门卡口", Day(1), "20:00", "08:00", "王五"],
            ["西门卡口", Day(1), "00:00", "24:00", "赵六"],
        ];
        return XlsxExport.Template(format, "值守排班表模板", "值守排班", Header, examples);
    }
}
