namespace Wuyi.Domain.Divisions;

/// <summary>
/// The one-character names of provinces (省级行政区简称, 京 for 11), as document and certificate numbers begin with them.
/// </summary>
public static class ProvinceAbbreviation
{
    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        ["11"] = "京", ["12"] = "津", ["13"] = "冀", ["14"] = "晋", ["15"] = "蒙", ["21"] = "辽", ["22"] = "吉", ["23"] = "黑",
        ["31"] = "沪", ["32"] = "苏", ["33"] = "浙", ["34"] = "皖", ["35"] = "闽", ["36"] = "赣", ["37"] = "鲁", ["41"] = "豫",
        ["42"] = "鄂", ["43"] = "湘", ["44"] = "粤", ["45"] = "桂", ["46"] = "琼", ["50"] = "渝", ["51"] = "川", ["52"] = "黔",
        ["53"] = "滇", ["54"] = "藏", ["61"] = "陕", ["62"] = "甘", ["63"] = "青", ["64"] = "宁", ["65"] = "新",
        ["71"] = "台", ["81"] = "港", ["82"] = "澳",
    };

    private static readonly Dictionary<string, string> ByName = ByCode.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The character of a province's two-digit code, or null when there is no such province.</summary>
    public static string? Of(string provinceCode) => ByCode.GetValueOrDefault(provinceCode);

    /// <summary>The two-digit code of a province's character, or null.</summary>
    public static string? CodeOf(string abbreviation) => ByName.GetValueOrDefault(abbreviation);
}
