namespace Wuyi.Domain.Common;

/// <summary>The programme runs on Beijing time (UTC+8, no daylight saving): dates in rules are dates there.</summary>
public static class ProgrammeClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The first instant of a Beijing calendar day.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    public static DateTime ToUtc(DateTimeOffset instant) => instant.UtcDateTime;

    public static DateTimeOffset FromUtc(DateTime utc) =>
        new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
