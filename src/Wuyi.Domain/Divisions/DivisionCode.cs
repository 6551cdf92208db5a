namespace Wuyi.Domain.Divisions;

/// <summary>Level in the statistical division tree (统计用区划代码).</summary>
public enum DivisionLevel
{
    Province = 1,   // 省级 (Beijing: 北京市, the programme's "city")
    Prefecture = 2, // 地级 (Beijing: 市辖区, a bookkeeping level)
    District = 3,   // 县级 区/县
    Street = 4,     // 乡级 街道/乡镇
    Community = 5,  // 村级 社区居委会/村委会
}

/// <summary>Whether a village-level unit is an urban community or a village.</summary>
public enum CommunityKind
{
    None = 0,
    Community = 1, // 社区
    Village = 2,   // 村
}

/// <summary>
/// A statistical division code: 2 digits for a province, 4 a prefecture, 6 a district,
/// 9 a street, 12 a community. A node's subtree is exactly the codes that start with it.
/// </summary>
public static class DivisionCode
{
    public static DivisionLevel? LevelOf(string? code) => code?.Length switch
    {
        2 when IsDigits(code) => DivisionLevel.Province,
        4 when IsDigits(code) => DivisionLevel.Prefecture,
        6 when IsDigits(code) => DivisionLevel.District,
        9 when IsDigits(code) => DivisionLevel.Street,
        12 when IsDigits(code) => DivisionLevel.Community,
        _ => null,
    };

    public static bool IsValid(string? code) => LevelOf(code) is not null;

    /// <summary>True when <paramref name="code"/> is <paramref name="scope"/> or lies below it.</summary>
    public static bool Covers(string scope, string code) =>
        IsValid(scope) && IsValid(code) && code.StartsWith(scope, StringComparison.Ordinal);

    public static string DistrictOf(string code) => Prefix(code, 6);

    public static string StreetOf(string code) => Prefix(code, 9);

    public static string ProvinceOf(string code) => Prefix(code, 2);

    /// <summary>The parent's code, or null for a province.</summary>
    public static string? ParentOf(string code) => LevelOf(code) switch
    {
        DivisionLevel.Province => null,
        DivisionLevel.Prefecture => code[..2],
        DivisionLevel.District => code[..4],
        DivisionLevel.Street => code[..6],
        DivisionLevel.Community => code[..9],
        _ => throw new ArgumentException($"区划代码“{code}”无效", nameof(code)),
    };

    /// <summary>
    /// Classifies a village-level unit by its official name: 村民委员会/村委会 are villages, the rest
    /// (社区居委会, 居民委员会, 生活区…) are communities. The statistics bureau's urban-rural code would be
    /// better but the public dataset does not carry it.
    /// </summary>
    public static CommunityKind KindFromName(string name)
    {
        var n = name.Trim();
        if (n.EndsWith("村委会", StringComparison.Ordinal) || n.EndsWith("村民委员会", StringComparison.Ordinal)
            || (n.EndsWith('村') && !n.Contains("社区", StringComparison.Ordinal)))
            return CommunityKind.Village;
        return CommunityKind.Community;
    }

    private static string Prefix(string code, int length) =>
        code.Length >= length && IsValid(code) ? code[..length] : throw new ArgumentException($"区划代码“{code}”没有第 {length} 位的上级", nameof(code));

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
            if (c is < '0' or > '9') return false;
        return true;
    }
}
