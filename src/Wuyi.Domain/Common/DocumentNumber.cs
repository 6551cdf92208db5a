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

    /// <summary>The one-character names of provinces (省级行政区简称), by the first two digits of the division code.</summary>
    private static readonly Dictionary<string, string> Provinces = new(StringComparer.Ordinal)
    {
        ["11"] = "京", ["12"] = "津", ["13"] = "冀", ["14"] = "晋", ["15"] = "蒙", ["21"] = "辽", ["22"] = "吉", ["23"] = "黑",
        ["31"] = "沪", ["32"] = "苏", ["33"] = "浙", ["34"] = "皖", ["35"] = "闽", ["36"] = "赣", ["37"] = "鲁", ["41"] = "豫",
        ["42"] = "鄂", ["43"] = "湘", ["44"] = "粤", ["45"] = "桂", ["46"] = "琼", ["50"] = "渝", ["51"] = "川", ["52"] = "黔",
        ["53"] = "滇", ["54"] = "藏", ["61"] = "陕", ["62"] = "甘", ["63"] = "青", ["64"] = "宁", ["65"] = "新",
        ["71"] = "台", ["81"] = "港", ["82"] = "澳",
    };

    private static readonly Dictionary<string, string> ProvinceByName = Provinces.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The province's two-digit code for its one-character name (京 → 11), or null.</summary>
    public static string? ProvinceCodeOf(string name) => ProvinceByName.GetValueOrDefault(name);

    public static bool IsProvince(string code) => Provinces.ContainsKey(code);

    /// <summary>What every number of the series, district and year shares, e.g. <c>京无疫证〔2022〕0108-</c>.</summary>
    public static string Prefix(string series, string districtCode, int year)
    {
        if (DivisionCode.LevelOf(districtCode) != DivisionLevel.District || !Provinces.TryGetValue(districtCode[..2], out var province))
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
