using System.Globalization;
using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Applications;

/// <summary>
/// The district's finding on an indicator (评定意见), kept with its scores: required where the district gives fewer points
/// than the community claimed (独立评分, issue 11), so the community learns why it lost them; allowed on any other indicator.
/// </summary>
public static class FindingsByIndicator
{
    /// <summary>The name of one indicator's finding in a refusal's <see cref="DomainException.Errors"/> (and the API's problem).</summary>
    public static string FieldOf(string code) => $"{TextLimits.IndicatorFinding.Key}.{code}";

    /// <summary>
    /// The findings trimmed, blank ones left out; refused when one names an indicator the scale does not have
    /// (<c>indicator-unknown</c>) or is too long (<c>text-too-long</c>), each under its own field.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Clean(ScaleVersion scale, IReadOnlyDictionary<string, string?>? findings)
    {
        var cleaned = new Dictionary<string, string>(StringComparer.Ordinal);
        if (findings is null) return cleaned;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var unknown = false;
        foreach (var (code, text) in findings)
        {
            if (scale.Find(code) is not { } indicator)
            {
                errors[FieldOf(code)] = [$"量表“{scale.Name}”中没有指标 {code}，不能填写其评定意见"];
                unknown = true;
                continue;
            }
            var field = TextLimits.IndicatorFinding with { Label = $"{code} {indicator.Name}的评定意见" };
            var clean = TextLimits.Clean(text);
            if (field.TooLong(clean) is { } tooLong) errors[FieldOf(code)] = [tooLong];
            else if (clean is not null) cleaned[code] = clean;
        }
        if (errors.Count > 0)
            throw DomainException.Invalid(unknown ? "indicator-unknown" : "text-too-long", "评定意见有误：" + string.Join("；", errors.Values.SelectMany(e => e)), errors);
        return cleaned;
    }

    /// <summary>The indicators the district scores below the community's claim, in code order (A1 … A9, A10), with both scores.</summary>
    public static IReadOnlyList<(string Code, decimal Self, decimal District)> Lowered(IReadOnlyDictionary<string, decimal> self,
        IReadOnlyDictionary<string, decimal> district) =>
        district.Where(d => self.TryGetValue(d.Key, out var s) && d.Value < s)
            .Select(d => (d.Key, self[d.Key], d.Value))
            .OrderBy(l => l.Key.TrimEnd("0123456789".ToCharArray()), StringComparer.Ordinal).ThenBy(l => l.Key.Length).ThenBy(l => l.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Refuses a decision while an indicator the district scores below the self-assessment has no finding, naming each
    /// (“A1 区级评分低于社区自评（15 → 12），须填写评定意见”). <paramref name="findings"/> must be cleaned already.
    /// </summary>
    public static void RequireWhereLowered(IReadOnlyDictionary<string, decimal> self, IReadOnlyDictionary<string, decimal> district,
        IReadOnlyDictionary<string, string> findings)
    {
        var missing = Lowered(self, district).Where(l => !findings.ContainsKey(l.Code)).ToList();
        if (missing.Count == 0) return;
        var errors = missing.ToDictionary(m => FieldOf(m.Code), m => new[] { Missing(m.Code, m.Self, m.District) }, StringComparer.Ordinal);
        throw DomainException.Invalid("finding-required", string.Join("；", missing.Select(m => Missing(m.Code, m.Self, m.District))), errors);
    }

    private static string Missing(string code, decimal self, decimal district) =>
        string.Create(CultureInfo.InvariantCulture, $"{code} 区级评分低于社区自评（{ScaleVersion.Format(self)} → {ScaleVersion.Format(district)}），须填写评定意见");
}
