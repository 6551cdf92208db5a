using Wuyi.Domain.Supervision;

namespace Wuyi.Domain.Tests.Supervision;

/// <summary>
/// 24-hour checkpoint duty (A1, 坚持24小时卡口值守) computed from a roster: shifts merged per checkpoint, a shift past
/// midnight counted into the next day, every gap listed with its length, a day covered only at 100%, in Beijing time.
/// </summary>
public sealed class DutyRosterCoverageTests
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.CreateCustomTimeZone("Beijing", TimeSpan.FromHours(8), "Beijing", "Beijing");
    private static readonly DateOnly June1 = new(2022, 6, 1);

    private static DutyShift Shift(string start, string end, int day = 1, string checkpoint = "东门", string person = "张三") =>
        new(checkpoint, new DateOnly(2022, 6, day), TimeOnly.Parse(start), TimeOnly.Parse(end), person);

    private static DutyRosterCoverage Compute(DateOnly from, DateOnly to, params DutyShift[] shifts) => DutyRosterCoverage.Compute(shifts, from, to, Beijing);

    private static CheckpointDay Only(DutyRosterCoverage c) => c.Days.ShouldHaveSingleItem().Checkpoints.ShouldHaveSingleItem();

    [Fact]
    public void ThreeShiftsEndToEnd_CoverTheDayInFull()
    {
        var day = Only(Compute(June1, June1, Shift("00:00", "08:00"), Shift("08:00", "16:00"), Shift("16:00", "00:00")));
        day.FullyCovered.ShouldBeTrue();
        day.Covered.ShouldBe(TimeSpan.FromHours(24));
        day.Coverage.ShouldBe(1.0);
        day.Gaps.ShouldBeEmpty();
        day.Shifts.ShouldBe(3);
        day.Describe().ShouldBe("全天覆盖");
    }

    [Fact]
    public void OverlappingShifts_AreMerged_AndCountOnce()
    {
        var day = Only(Compute(June1, June1, Shift("00:00", "13:00"), Shift("12:00", "20:00"), Shift("19:30", "23:00")));
        day.Covered.ShouldBe(TimeSpan.FromHours(23));
        var gap = day.Gaps.ShouldHaveSingleItem();
        gap.Length.ShouldBe(TimeSpan.FromHours(1));
        gap.Describe(June1).ShouldBe("23:00–24:00（1 小时）");
    }

    [Fact]
    public void DuplicateRows_CountOnce()
    {
        var day = Only(Compute(June1, June1, Shift("08:00", "20:00"), Shift("08:00", "20:00"), Shift("08:00", "20:00", person: "李四")));
        day.Covered.ShouldBe(TimeSpan.FromHours(12));
        day.Gaps.Select(g => g.Describe(June1)).ShouldBe(["00:00–08:00（8 小时）", "20:00–24:00（4 小时）"]);
    }

    [Fact]
    public void AShiftPastMidnight_CountsIntoTheNextDay()
    {
        var c = Compute(June1, June1.AddDays(1), Shift("08:00", "20:00"), Shift("20:00", "08:00"), Shift("08:00", "20:00", day: 2));
        var (first, second) = (c.Days[0].Checkpoints.Single(), c.Days[1].Checkpoints.Single());
        first.Gaps.Select(g => g.Describe(June1)).ShouldBe(["00:00–08:00（8 小时）"]);
        second.Gaps.Select(g => g.Describe(June1.AddDays(1))).ShouldBe(["20:00–24:00（4 小时）"]);
        second.Covered.ShouldBe(TimeSpan.FromHours(20)); // 8 hours of the night shift, 12 of the day shift
        second.Shifts.ShouldBe(2);
    }

    [Fact]
    public void ANightShiftOfTheDayBeforeThePeriod_CoversItsMorning()
    {
        var c = Compute(June1.AddDays(1), June1.AddDays(1), Shift("22:00", "06:00"), Shift("06:00", "22:00", day: 2));
        var day = Only(c);
        day.Gaps.Select(g => g.Describe(June1.AddDays(1))).ShouldBe(["22:00–24:00（2 小时）"]);
    }

    [Fact]
    public void SameStartAndEnd_IsAWhole24Hours_FromThatTime()
    {
        var c = Compute(June1, June1.AddDays(1), Shift("08:00", "08:00"));
        c.Days[0].Checkpoints.Single().Gaps.Select(g => g.Describe(June1)).ShouldBe(["00:00–08:00（8 小时）"]);
        c.Days[1].Checkpoints.Single().Gaps.Select(g => g.Describe(June1.AddDays(1))).ShouldBe(["08:00–24:00（16 小时）"]);
        Only(Compute(June1, June1, Shift("00:00", "00:00"))).FullyCovered.ShouldBeTrue(); // 00:00–24:00
    }

    [Fact]
    public void AMinuteShort_IsNotFullyCovered()
    {
        var day = Only(Compute(June1, June1, Shift("00:00", "12:00"), Shift("12:01", "00:00")));
        day.FullyCovered.ShouldBeFalse();
        day.Coverage.ShouldBe(1439 / 1440.0, 1e-9);
        day.Gaps.ShouldHaveSingleItem().Describe(June1).ShouldBe("12:00–12:01（1 分钟）");
        day.Describe().ShouldBe("覆盖 99.9%，缺口 12:00–12:01（1 分钟）");
    }

    [Fact]
    public void GapsAtTheDayEdges_AreListed_AndAGapOverMidnightIsSplitIntoBothDays()
    {
        var c = Compute(June1, June1.AddDays(1), Shift("02:00", "22:00"), Shift("03:00", "23:00", day: 2));
        c.Days[0].Checkpoints.Single().Gaps.Select(g => g.Describe(June1)).ShouldBe(["00:00–02:00（2 小时）", "22:00–24:00（2 小时）"]);
        c.Days[1].Checkpoints.Single().Gaps.Select(g => g.Describe(June1.AddDays(1))).ShouldBe(["00:00–03:00（3 小时）", "23:00–24:00（1 小时）"]);
    }

    [Fact]
    public void EveryCheckpointIsCheckedApart_AndOneLeftOutOfADayIsAGapThatDay()
    {
        var c = Compute(June1, June1.AddDays(1),
            Shift("00:00", "00:00", checkpoint: "东门"), Shift("00:00", "00:00", checkpoint: "西门"),
            Shift("00:00", "00:00", day: 2, checkpoint: "东门 ")); // the same checkpoint, a space after its name
        c.Checkpoints.ShouldBe(["东门", "西门"]);
        c.Days[0].FullyCovered.ShouldBeTrue();
        c.Days[1].FullyCovered.ShouldBeFalse();
        c.Days[1].NoRoster.ShouldBeFalse();
        var west = c.Days[1].Checkpoints.Single(x => x.Checkpoint == "西门");
        west.Unstaffed.ShouldBeTrue();
        west.Describe().ShouldBe("无排班");
        var byCheckpoint = c.ByCheckpoint();
        byCheckpoint.ShouldBe([new CheckpointSummary("东门", 2, 0, 0, TimeSpan.Zero), new CheckpointSummary("西门", 1, 0, 1, TimeSpan.Zero)]);
    }

    [Fact]
    public void Summary_CountsDaysFullyCovered_WithAGap_AndWithoutRoster_AndTheLongestGap()
    {
        var c = Compute(June1, June1.AddDays(3),
            Shift("00:00", "00:00", day: 1),
            Shift("00:00", "21:00", day: 2), // a 3-hour gap
            Shift("06:00", "00:00", day: 3)); // a 6-hour gap; June 4 has nothing
        var s = c.Summary();
        (s.Days, s.FullyCoveredDays, s.GapDays, s.NoRosterDays, s.DaysNotFullyCovered).ShouldBe((4, 1, 2, 1, 3));
        s.LongestGap.ShouldBe(TimeSpan.FromHours(6));
        s.LongestGapOn.ShouldBe(June1.AddDays(2));
        s.Checkpoints.ShouldBe(1);
        s.Describe().ShouldBe("1 天全天覆盖，2 天有缺口（最长 6 小时），1 天无排班");
    }

    [Fact]
    public void NoRosterAtAll_IsEveryDayWithoutRoster()
    {
        var s = Compute(June1, June1.AddDays(29)).Summary();
        (s.Days, s.Checkpoints, s.FullyCoveredDays, s.GapDays, s.NoRosterDays).ShouldBe((30, 0, 0, 0, 30));
        s.Describe().ShouldBe("0 天全天覆盖，0 天有缺口，30 天无排班");
    }

    [Fact]
    public void ShiftsOutsideThePeriod_AreIgnored()
    {
        var c = Compute(June1.AddDays(1), June1.AddDays(1), Shift("08:00", "20:00", day: 1), Shift("00:00", "01:00", day: 3, checkpoint: "北门"));
        c.Checkpoints.ShouldBeEmpty();
        c.Days.Single().NoRoster.ShouldBeTrue();
    }

    [Fact]
    public void InBeijingTime_ADayIsMidnightToMidnightThere_NotInUtc()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var day = DutyRosterCoverage.Compute([Shift("00:00", "08:00")], June1, June1, zone).Days.Single().Checkpoints.Single();
        day.DayLength.ShouldBe(TimeSpan.FromHours(24));
        var gap = day.Gaps.ShouldHaveSingleItem();
        gap.From.ShouldBe(new DateTimeOffset(2022, 6, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        gap.To.UtcDateTime.ShouldBe(new DateTime(2022, 6, 1, 16, 0, 0, DateTimeKind.Utc)); // midnight in Beijing
    }

    [Fact]
    public void OnADayTheClocksChange_TheDayIsItsRealLength()
    {
        // Beijing kept summer time in 1986–1991; a zone with a rule of that kind shows what "properly" means here.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2022, 1, 1), new DateTime(2022, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 4, 10),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 9, 11));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Summer", TimeSpan.FromHours(8), "Summer", "Summer", "Summer+1", [rule]);
        var spring = new DateOnly(2022, 4, 10);
        var day = DutyRosterCoverage.Compute([new DutyShift("东门", spring, new(0, 0), new(0, 0), "张三")], spring, spring, zone).Days.Single().Checkpoints.Single();
        day.DayLength.ShouldBe(TimeSpan.FromHours(23));
        day.FullyCovered.ShouldBeTrue();
        var autumn = new DateOnly(2022, 9, 11);
        var longDay = DutyRosterCoverage.Compute([new DutyShift("东门", autumn, new(0, 0), new(12, 0), "张三")], autumn, autumn, zone).Days.Single().Checkpoints.Single();
        longDay.DayLength.ShouldBe(TimeSpan.FromHours(25));
        longDay.Covered.ShouldBe(TimeSpan.FromHours(13)); // 00:00–12:00 on the clock, the hour from 1 to 2 twice
        longDay.Gaps.ShouldHaveSingleItem().Length.ShouldBe(TimeSpan.FromHours(12));
    }

    [Fact]
    public void APeriodEndingBeforeItStarts_OrTooLong_IsRefused()
    {
        Should.Throw<ArgumentException>(() => Compute(June1, June1.AddDays(-1)));
        Should.Throw<ArgumentException>(() => Compute(June1, June1.AddDays(DutyRosterCoverage.MaxDays)));
    }
}

/// <summary>What a roster row must be: a slip of the hand (an end typed before its start, a 5-minute shift, a far date) is refused with its reason.</summary>
public sealed class DutyRosterRulesTests
{
    private static readonly DateOnly Today = new(2022, 6, 16);

    private static List<(string Column, string Reason)> Problems(string start, string end, DateOnly? date = null, string checkpoint = "东门") =>
        [.. DutyRosterRules.Problems(new DutyShift(checkpoint, date ?? Today, TimeOnly.Parse(start), TimeOnly.Parse(end), "张三"), Today)];

    [Theory]
    [InlineData("08:00", "20:00")]
    [InlineData("20:00", "08:00")] // a night shift, 12 hours
    [InlineData("16:00", "00:00")] // to midnight
    [InlineData("06:00", "00:00")] // to midnight, 18 hours: an end at midnight is never a typing slip
    [InlineData("08:00", "08:00")] // a whole 24 hours
    [InlineData("00:00", "00:00")]
    public void AShiftAsRostersWriteThem_IsTaken(string start, string end) => Problems(start, end).ShouldBeEmpty();

    [Fact]
    public void AnEndBeforeTheStartThatIsNoNightShift_IsRefused()
    {
        var (column, reason) = Problems("14:00", "12:00").ShouldHaveSingleItem();
        column.ShouldBe("结束时间");
        reason.ShouldContain("早于开始时间");
        reason.ShouldContain("22 小时");
    }

    [Fact]
    public void AShiftOfAFewMinutes_IsRefused() =>
        Problems("08:00", "08:05").ShouldHaveSingleItem().Reason.ShouldContain("5 分钟");

    [Fact]
    public void ADateTooFarBackOrAhead_IsRefused()
    {
        Problems("08:00", "20:00", Today.AddDays(-367)).ShouldHaveSingleItem().Column.ShouldBe("日期");
        Problems("08:00", "20:00", Today.AddDays(63)).ShouldHaveSingleItem().Reason.ShouldContain("两个月");
        Problems("08:00", "20:00", Today.AddDays(62)).ShouldBeEmpty();
    }

    [Fact]
    public void ANameTooLong_IsRefused() =>
        Problems("08:00", "20:00", checkpoint: new string('门', 51)).ShouldHaveSingleItem().Column.ShouldBe("卡口名称");

    [Fact]
    public void Hours_AreWrittenAsPeopleSayThem()
    {
        DutyRosterRules.Hours(TimeSpan.FromHours(3)).ShouldBe("3 小时");
        DutyRosterRules.Hours(TimeSpan.FromMinutes(150)).ShouldBe("2 小时 30 分钟");
        DutyRosterRules.Hours(TimeSpan.FromMinutes(45)).ShouldBe("45 分钟");
    }
}
