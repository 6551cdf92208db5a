using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

public class PassMarkScheduleTests
{
    private static readonly DateOnly June14 = new(2022, 6, 14);
    private static readonly DateOnly July1 = new(2022, 7, 1);

    /// <summary>85 from the scale's date (2022-06-14), 88 from 2022-07-01.</summary>
    private static PassMarkSchedule RaisedInJuly(ScaleVersion scale) =>
        PassMarkSchedule.For(scale, [new PassMark(88m, July1)]);

    [Fact]
    public void For_ScaleAlone_IsTheScalesPassMarkFromItsDate()
    {
        var schedule = PassMarkSchedule.For(Scales.Beijing());

        schedule.Marks.ShouldBe([new PassMark(85m, June14)]);
    }

    [Fact]
    public void For_ScaleWithChanges_AppendsThemInDateOrder()
    {
        var schedule = PassMarkSchedule.For(Scales.Beijing(),
            [new PassMark(90m, new DateOnly(2022, 8, 1)), new PassMark(88m, July1)]);

        schedule.Marks.ShouldBe([new PassMark(85m, June14), new PassMark(88m, July1), new PassMark(90m, new DateOnly(2022, 8, 1))]);
    }

    [Theory]
    [InlineData("2022-06-14", 85)]
    [InlineData("2022-06-20", 85)]
    [InlineData("2022-06-30", 85)]
    [InlineData("2022-07-01", 88)]
    [InlineData("2022-12-31", 88)]
    public void InForceOn_Date_GivesTheLatestMarkNotAfterIt(string date, int expected)
    {
        var schedule = RaisedInJuly(Scales.Beijing());

        schedule.InForceOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Value.ShouldBe(expected);
    }

    [Fact]
    public void InForceOn_ReturnsTheMarkWithItsEffectiveDate()
    {
        var schedule = RaisedInJuly(Scales.Beijing());

        schedule.InForceOn(new DateOnly(2022, 7, 15)).ShouldBe(new PassMark(88m, July1));
    }

    [Fact]
    public void InForceOn_BeforeTheFirstMark_GivesTheFirstMark()
    {
        var schedule = RaisedInJuly(Scales.Beijing());

        schedule.InForceOn(new DateOnly(2022, 6, 1)).ShouldBe(new PassMark(85m, June14));
    }

    [Fact]
    public void InForceOn_ALoweredMark_AppliesFromItsDate()
    {
        var schedule = PassMarkSchedule.For(Scales.Beijing(), [new PassMark(80m, July1)]);

        schedule.InForceOn(new DateOnly(2022, 6, 30)).Value.ShouldBe(85m);
        schedule.InForceOn(July1).Value.ShouldBe(80m);
    }

    [Fact]
    public void Constructor_UnorderedMarks_AreSortedByDate()
    {
        var schedule = new PassMarkSchedule([new PassMark(90m, new DateOnly(2022, 9, 1)), new PassMark(85m, June14), new PassMark(88m, July1)]);

        schedule.Marks.Select(m => m.Value).ShouldBe([85m, 88m, 90m]);
        schedule.InForceOn(new DateOnly(2022, 8, 31)).Value.ShouldBe(88m);
    }

    [Fact]
    public void Constructor_TwoMarksOnOneDate_IsRefused()
    {
        var ex = Should.Throw<DomainException>(() => new PassMarkSchedule([new PassMark(85m, July1), new PassMark(88m, July1)]));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("pass-mark-duplicate-date");
    }

    [Fact]
    public void Constructor_NoMarks_IsRefused()
    {
        Should.Throw<ArgumentException>(() => new PassMarkSchedule([]));
    }

    [Fact]
    public void Evaluate_At2022_06_30_2359Beijing_UsesTheJuneMark()
    {
        var input = Evaluations.Perfect().WithTotal(86m);
        input = input with { PassMarks = RaisedInJuly(input.Scale), AsOf = Times.Beijing(2022, 6, 30, 23, 59) };

        var explanation = input.Evaluate();

        explanation.PassMark.ShouldBe(new PassMark(85m, June14));
        explanation.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Evaluate_At2022_07_01_0000Beijing_UsesTheJulyMark()
    {
        var input = Evaluations.Perfect().WithTotal(86m);
        input = input with { PassMarks = RaisedInJuly(input.Scale), AsOf = Times.Beijing(2022, 7, 1) };

        var explanation = input.Evaluate();

        explanation.PassMark.ShouldBe(new PassMark(88m, July1));
        explanation.Verdict.ShouldBe(Verdict.Fail);
        explanation.FailureReasons.ShouldBe([FailureReason.BelowPassMark]);
        explanation.GapToPassMark.ShouldBe(2m);
    }

    [Fact]
    public void Evaluate_AtJulyFirstBeijingGivenInUtc_UsesTheJulyMark()
    {
        // 2022-06-30T16:00Z is midnight on 1 July in Beijing, although still 30 June in UTC.
        var input = Evaluations.Perfect().WithTotal(86m);
        input = input with { PassMarks = RaisedInJuly(input.Scale), AsOf = new DateTimeOffset(2022, 6, 30, 16, 0, 0, TimeSpan.Zero) };

        input.Evaluate().PassMark.Value.ShouldBe(88m);
    }

    [Fact]
    public void Evaluate_OneSecondBeforeBeijingMidnightGivenInUtc_UsesTheJuneMark()
    {
        var input = Evaluations.Perfect().WithTotal(86m);
        input = input with { PassMarks = RaisedInJuly(input.Scale), AsOf = new DateTimeOffset(2022, 6, 30, 15, 59, 59, TimeSpan.Zero) };

        input.Evaluate().PassMark.Value.ShouldBe(85m);
    }

    [Fact]
    public void Evaluate_AsOfBeforeALaterChange_IsNotRewrittenByIt()
    {
        // The same facts judged as of a June date give the June answer even once July's mark is known.
        var june = Evaluations.Perfect().WithTotal(86m) with { AsOf = Times.Beijing(2022, 6, 20, 10) };
        var before = june.Evaluate();

        var after = (june with { PassMarks = RaisedInJuly(june.Scale) }).Evaluate();

        after.PassMark.ShouldBe(before.PassMark);
        after.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void ProgrammeClock_DateOf_IsTheBeijingDate()
    {
        ProgrammeClock.DateOf(new DateTimeOffset(2022, 6, 30, 15, 59, 59, TimeSpan.Zero)).ShouldBe(new DateOnly(2022, 6, 30));
        ProgrammeClock.DateOf(new DateTimeOffset(2022, 6, 30, 16, 0, 0, TimeSpan.Zero)).ShouldBe(July1);
        ProgrammeClock.DateOf(new DateTimeOffset(2022, 7, 1, 0, 30, 0, TimeSpan.FromHours(9))).ShouldBe(new DateOnly(2022, 6, 30));
    }

    [Fact]
    public void ProgrammeClock_StartOf_IsBeijingMidnight()
    {
        var start = ProgrammeClock.StartOf(July1);

        start.ShouldBe(new DateTimeOffset(2022, 6, 30, 16, 0, 0, TimeSpan.Zero));
        start.Offset.ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void ProgrammeClock_FromUtcAndToUtc_RoundTrip()
    {
        var utc = new DateTime(2022, 6, 18, 2, 0, 0, DateTimeKind.Unspecified);

        var instant = ProgrammeClock.FromUtc(utc);

        instant.Offset.ShouldBe(TimeSpan.Zero);
        ProgrammeClock.DateOf(instant).ShouldBe(new DateOnly(2022, 6, 18));
        ProgrammeClock.ToUtc(instant.ToOffset(ProgrammeClock.Offset)).ShouldBe(new DateTime(2022, 6, 18, 2, 0, 0, DateTimeKind.Utc));
        ProgrammeClock.ToUtc(instant).Kind.ShouldBe(DateTimeKind.Utc);
    }
}
