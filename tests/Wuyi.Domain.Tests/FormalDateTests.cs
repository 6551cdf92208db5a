using Wuyi.Domain.Common;

namespace Wuyi.Domain.Tests;

/// <summary>The formal date of documents: 2022年6月18日, no leading zeros, on the Beijing calendar day.</summary>
public sealed class FormalDateTests
{
    [Theory]
    [InlineData(2022, 6, 18, "2022年6月18日")]
    [InlineData(2022, 1, 1, "2022年1月1日")]
    [InlineData(2022, 12, 31, "2022年12月31日")]
    [InlineData(2099, 10, 5, "2099年10月5日")]
    public void Of_WritesYearMonthDayWithoutLeadingZeros(int year, int month, int day, string expected) =>
        FormalDate.Of(new DateOnly(year, month, day)).ShouldBe(expected);

    [Fact]
    public void Of_AnInstant_IsItsBeijingDay()
    {
        FormalDate.Of(new DateTimeOffset(2022, 6, 17, 16, 0, 0, TimeSpan.Zero)).ShouldBe("2022年6月18日"); // midnight in Beijing
        FormalDate.Of(new DateTimeOffset(2022, 6, 17, 15, 59, 59, TimeSpan.Zero)).ShouldBe("2022年6月17日");
        FormalDate.OfUtc(new DateTime(2022, 12, 31, 16, 30, 0, DateTimeKind.Utc)).ShouldBe("2023年1月1日");
    }

    [Fact]
    public void Of_DoesNotDependOnTheCulture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            FormalDate.Of(new DateOnly(2022, 6, 18)).ShouldBe("2022年6月18日");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }
}
