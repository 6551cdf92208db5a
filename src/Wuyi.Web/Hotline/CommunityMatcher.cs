using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>
/// Finds the community a complaint belongs to, inside the importer's subtree: by its 12-digit code, or by the
/// street (code or name) and the community's name as the hotline writes it ("翠微路社区" for "翠微路社区居委会").
/// </summary>
public sealed class CommunityMatcher
{
    private readonly string _scope;
    private readonly HashSet<string> _communities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _streets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _streetsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Street, string Name), List<string>> _byName = [];

    private CommunityMatcher(string scope) => _scope = scope;

    public static async Task<CommunityMatcher> LoadAsync(WuyiDbContext db, string scope, CancellationToken ct)
    {
        var m = new CommunityMatcher(scope);
        var nodes = await db.Divisions.AsNoTracking()
            .Under(d => d.Code, scope).Where(d => d.Level == DivisionLevel.Street || d.Level == DivisionLevel.Community)
            .Select(d => new { d.Code, d.Name, d.Level })
            .ToListAsync(ct);
        foreach (var n in nodes)
        {
            if (n.Level == DivisionLevel.Street)
            {
                m._streets.Add(n.Code);
                Add(m._streetsByName, n.Name, n.Code);
                var shortName = StreetName(n.Name);
                if (shortName != n.Name) Add(m._streetsByName, shortName, n.Code);
            }
            else
            {
                m._communities.Add(n.Code);
                Add(m._byName, (n.Code[..9], CommunityName(n.Name)), n.Code);
            }
        }
        return m;
    }

    private static void Add<TKey>(Dictionary<TKey, List<string>> index, TKey key, string code) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        if (!list.Contains(code)) list.Add(code);
    }

    /// <summary>The community's code, or the reason no single community in scope matches.</summary>
    public (string? Code, string? Problem, string Field) Match(ComplaintFields f)
    {
        if (f.CommunityCode is { } code)
        {
            if (code.Length != 12 || !code.All(char.IsAsciiDigit))
                return (null, $"“{ComplaintText.Shorten(code)}”不是 12 位社区（村）区划代码", ComplaintText.Label(ComplaintColumn.CommunityCode));
            return _communities.Contains(code)
                ? (code, null, "")
                : (null, DivisionCode.Covers(_scope, code) ? $"找不到社区（村）{code}" : $"社区（村）{code} 不在您的管辖范围内",
                    ComplaintText.Label(ComplaintColumn.CommunityCode));
        }
        var streetLabel = ComplaintText.Label(ComplaintColumn.Street);
        if (f.Street is not { } street || f.Community is not { } community)
            return (null, "缺少社区编码，或街道（乡镇）与社区（村）名称", ComplaintText.Label(ComplaintColumn.CommunityCode));

        string streetCode;
        if (street.Length == 9 && street.All(char.IsAsciiDigit))
        {
            if (!_streets.Contains(street))
                return (null, DivisionCode.Covers(_scope, street) ? $"找不到街道（乡镇）{street}" : $"街道（乡镇）{street} 不在您的管辖范围内", streetLabel);
            streetCode = street;
        }
        else if (_streetsByName.TryGetValue(street, out var streets) || _streetsByName.TryGetValue(StreetName(street), out streets))
        {
            if (streets.Count > 1)
                return (null, $"街道（乡镇）名称“{street}”在您的辖区内不唯一（{string.Join("、", streets)}），请填写街道编码或社区编码", streetLabel);
            streetCode = streets[0];
        }
        else
        {
            return (null, $"在您的辖区内找不到街道（乡镇）“{ComplaintText.Shorten(street)}”", streetLabel);
        }

        var communityLabel = ComplaintText.Label(ComplaintColumn.Community);
        if (!_byName.TryGetValue((streetCode, CommunityName(community)), out var found))
            return (null, $"街道（乡镇）{streetCode} 下找不到社区（村）“{ComplaintText.Shorten(community)}”", communityLabel);
        return found.Count == 1
            ? (found[0], null, "")
            : (null, $"街道（乡镇）{streetCode} 下有多个名为“{community}”的社区（村），请填写社区编码", communityLabel);
    }

    private static readonly string[] CommunitySuffixes = ["社区居民委员会", "村民委员会", "居民委员会", "社区居委会", "居委会", "村委会", "社区"];

    /// <summary>"翠微路社区居委会", "翠微路社区" and "翠微路" are one community; "东村村委会" and "东村" one village.</summary>
    public static string CommunityName(string name)
    {
        var n = name.Trim().Replace(" ", "").Replace('（', '(').Replace('）', ')');
        // Until nothing is left to strip, so that it is idempotent: "星岛社区社区居委会" and "星岛社区" both give "星岛".
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var suffix in CommunitySuffixes)
            {
                if (n.Length <= suffix.Length || !n.EndsWith(suffix, StringComparison.Ordinal)) continue;
                n = n[..^suffix.Length];
                stripped = true;
                break;
            }
        }
        return n;
    }

    /// <summary>"万寿路街道办事处" and "万寿路街道" are one street.</summary>
    private static string StreetName(string name)
    {
        var n = name.Trim().Replace(" ", "");
        return n.EndsWith("办事处", StringComparison.Ordinal) && n.Length > 3 ? n[..^3] : n;
    }
}
