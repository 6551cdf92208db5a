using Wuyi.Web.DutyRosters;

namespace Wuyi.Web.Tests.Supervision;

/// <summary>
/// How a roster's cells are read: dates and times as people type them, and as Excel keeps them in an .xlsx (a serial
/// number of days; a fraction of a day), 24:00 as the end of the day, “次日” as the next day.
/// </summary>
public sealed class DutyRosterFileTests
{
    [Theory]
    [InlineData("2022-06-15")]
    [InlineData("2022/6/15")]
    [InlineData("2022.6.15")]
    [InlineData("2022年6月15日")]
    [InlineData("20220615")]
    [InlineData("44727")] // Excel's serial number of 2022-06-15
    [InlineData("2022-06-15 08:00")]
    public void ADate_AsWrittenOrAsExcelKeepsIt(string text) => DutyRosterFile.ParseDate(text).ShouldBe(new DateOnly(2022, 6, 15));

    [Theory]
    [InlineData("2022-06-31")]
    [InlineData("六月十五日")]
    [InlineData("1899-12-31")]
    [InlineData("12")]
    public void NotADate_IsNone(string text) => DutyRosterFile.ParseDate(text).ShouldBeNull();

    [Theory]
    [InlineData("08:00", 8, 0, false)]
    [InlineData("8:00", 8, 0, false)]
    [InlineData("08:00:00", 8, 0, false)]
    [InlineData("0.3333333333333333", 8, 0, false)] // an .xlsx time cell
    [InlineData("0.8333333333333334", 20, 0, false)]
    [InlineData("44727.75", 18, 0, false)] // a date and time in a time cell: its time
    [InlineData("24:00", 0, 0, false)] // the end of the day
    [InlineData("1", 0, 0, false)] // Excel's 24:00
    [InlineData("次日08:00", 8, 0, true)]
    public void ATime_AsWrittenOrAsExcelKeepsIt(string text, int hour, int minute, bool nextDay) =>
        DutyRosterFile.ParseTime(text).ShouldBe((new TimeOnly(hour, minute), nextDay));

    [Theory]
    [InlineData("25:00")]
    [InlineData("8点")]
    [InlineData("早班")]
    public void NotATime_IsNone(string text) => DutyRosterFile.ParseTime(text).Time.ShouldBeNull();

    [Fact]
    public void Read_SaysNextDayOnlyWhereItIs_AndListsEveryBadRowWithItsNumber()
    {
        var csv = DutyRosterFiles.Csv([
            ["东门卡口", "2022-06-15", "20:00", "次日08:00", "王五"],   // row 2: said, and so it is
            ["东门卡口", "2022-06-15", "08:00", "次日09:00", "张三"],   // row 3: 25 hours
            ["东门卡口", "2022-06-15", "早班", "", "张三"],             // row 4: two problems
        ]);
        using var file = new MemoryStream(csv);
        var (shifts, problems) = DutyRosterFile.Read(file, new DateOnly(2022, 6, 16));
        shifts.ShouldHaveSingleItem().Row.ShouldBe(2);
        problems.Select(p => (p.Row, p.Column)).ShouldBe([(3, "结束时间"), (4, "开始时间"), (4, "结束时间")]);
        problems[0].Reason.ShouldContain("超过 24 小时");
    }
}
