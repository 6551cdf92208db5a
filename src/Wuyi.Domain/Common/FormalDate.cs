using System.Globalization;

namespace Wuyi.Domain.Common;

/// <summary>
/// The date as formal documents write it (公文日期): <c>2022年6月18日</c> — Arabic numerals, no leading zeros, the year in
/// full. Certificates, batch lists and the public reasons of revocations all use it; a date is a Beijing calendar day.
/// </summary>
public static class FormalDate
{
    public static string Of(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>The Beijing calendar day of an instant, formally.</summary>
    public static string Of(DateTimeOffset instant) => Of(ProgrammeClock.DateOf(instant));

    /// <summary>The Beijing calendar day of a UTC time as stored, formally.</summary>
    public static string OfUtc(DateTime utc) => Of(ProgrammeClock.FromUtc(utc));
}
