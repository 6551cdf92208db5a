using System.Globalization;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Applications;

/// <summary>
/// 办件编号: the number people read out on the phone for an application, e.g. <c>2022-110108-0042</c>.
/// Year (Beijing time) · the district's 6-digit division code · sequence within that district and year, so it is
/// unique across every district of the country, stable for the application's life, and orders as it was allocated.
/// </summary>
public static class CaseNumber
{
    /// <summary>Room for 2022-110108-00001 should a district ever pass 9,999 applications in a year.</summary>
    public const int MaxLength = 20;

    /// <summary>The part every number of the district and year shares, e.g. <c>2022-110108-</c>.</summary>
    public static string Prefix(string districtCode, DateTimeOffset at)
    {
        if (DivisionCode.LevelOf(districtCode) != DivisionLevel.District)
            throw DomainException.Invalid("district-code-invalid", $"“{districtCode}”不是区的 6 位区划代码");
        return $"{ProgrammeClock.DateOf(at).Year:D4}-{districtCode}-";
    }

    public static string Of(string districtCode, DateTimeOffset at, int sequence)
    {
        if (sequence < 1) throw DomainException.Invalid("case-sequence-invalid", "办件编号的序号从 1 开始");
        return Prefix(districtCode, at) + sequence.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>The sequence of a number with the given prefix (0 when it is not one), to allocate the next.</summary>
    public static int SequenceOf(string caseNumber, string prefix) =>
        caseNumber.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(caseNumber.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : 0;
}
