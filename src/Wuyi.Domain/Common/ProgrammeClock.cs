namespace Wuyi.Domain.Common;

/// <summary>The programme runs on Beijing time (UTC+8, no daylight saving): dates in rules are dates there.</summary>
public static class ProgrammeClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>
    /// The dates anyone may give the platform (a filter, a deadline, the day of an event). Outside them a date is
    /// refused, never computed with: a day before 0001-01-01 or after 9999-12-31 does not exist in .NET.
    /// </summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The first instant of a Beijing calendar day.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    public static DateTime ToUtc(DateTimeOffset instant) => instant.UtcDateTime;

    public static DateTimeOffset FromUtc(DateTime utc) =>
        new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>The date as given, or a refusal (400, <c>date-out-of-range</c>) naming <paramref name="field"/> when it is outside the platform's dates.</summary>
    public static DateOnly? InRange(DateOnly? date, string field)
    {
        if (date is not { } d || (d >= Earliest && d <= Latest)) return date;
        var message = $"日期 {d:yyyy-MM-dd} 超出范围：须在 {Earliest:yyyy-MM-dd} 至 {Latest:yyyy-MM-dd} 之间";
        throw DomainException.Invalid("date-out-of-range", message, new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <inheritdoc cref="InRange(DateOnly?, string)"/>
    public static DateOnly InRange(DateOnly date, string field) => InRange((DateOnly?)date, field)!.Value;
}
