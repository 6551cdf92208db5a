using System.Globalization;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Common;

/// <summary>
/// The shape of the programme's numbered documents, read as officials read a 文号: the province's one-character name (京),
/// the series (无疫证 for a certificate, 无疫撤 for a notice of revocation…), the year in 〔〕, the district's code within its
/// province (the last four digits of 110108) and the sequence within that district and year, e.g. <c>京无疫证〔2022〕0108-0001</c>.
/// Unique across the country: the character stands for the first two digits of the code (decisions 0012 and 0013).
/// </summary>
public static class DocumentNumber
{
    /// <summary>Room for 京无疫证〔2022〕0108-000001; the columns' length.</summary>
    public const int MaxLength = 32;

    /// <summary>What every number of the series, district and year shares, e.g. <c>京无疫证〔2022〕0108-</c>.</summary>
    public static string Prefix(string series, string districtCode, int year)
    {
        if (DivisionCode.LevelOf(districtCode) != DivisionLevel.District || ProvinceAbbreviation.Of(districtCode[..2]) is not { } province)
            throw DomainException.Invalid("district-code-invalid", $"“{districtCode}”不是区的 6 位区划代码");
        if (year is < 1000 or > 9999) throw new ArgumentOutOfRangeException(nameof(year));
        return string.Create(CultureInfo.InvariantCulture, $"{province}{series}〔{year:D4}〕{districtCode[2..]}-");
    }

    /// <summary>The number of the <paramref name="sequence"/>th document with this prefix: four digits, more if ever needed.</summary>
    public static string Of(string prefix, int sequence) => prefix + sequence.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The sequence of a number with the given prefix (0 when it is not one), to allocate the next.</summary>
    public static int SequenceOf(string number, string prefix) =>
        number.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(number.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : 0;
}
