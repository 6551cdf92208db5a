using Wuyi.Domain.Common;

namespace Wuyi.Domain.Tests;

public static class Times
{
    /// <summary>A Beijing wall-clock instant (UTC+8).</summary>
    public static DateTimeOffset Beijing(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, ProgrammeClock.Offset);

    /// <summary>The default moment of evaluation: 2022-06-20 10:00 Beijing time.</summary>
    public static readonly DateTimeOffset AsOf = Beijing(2022, 6, 20, 10);
}
