using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

/// <summary>Score maps for a scale: a new dictionary each call.</summary>
public static class Scores
{
    /// <summary>Every indicator at its maximum, then the overrides.</summary>
    public static Dictionary<string, decimal> Perfect(ScaleVersion scale, params (string Code, decimal Score)[] overrides)
    {
        var scores = scale.Indicators.ToDictionary(i => i.Code, i => i.Points, StringComparer.Ordinal);
        foreach (var (code, score) in overrides) scores[code] = score;
        return scores;
    }

    /// <summary>
    /// A complete map adding up to <paramref name="total"/>: hard indicators stay at their maximum, the
    /// points missing are taken from the other indicators in scale order.
    /// </summary>
    public static Dictionary<string, decimal> Totalling(ScaleVersion scale, decimal total)
    {
        var scores = Perfect(scale);
        var missing = scale.Total - total;
        foreach (var indicator in scale.Indicators.Where(i => !i.Hard))
        {
            if (missing <= 0) break;
            var take = Math.Min(missing, indicator.Points);
            scores[indicator.Code] = indicator.Points - take;
            missing -= take;
        }
        if (missing != 0) throw new ArgumentOutOfRangeException(nameof(total), "cannot reach this total with hard indicators at maximum");
        return scores;
    }

    /// <summary>Every indicator at zero.</summary>
    public static Dictionary<string, decimal> Zero(ScaleVersion scale) =>
        scale.Indicators.ToDictionary(i => i.Code, _ => 0m, StringComparer.Ordinal);

    public static Dictionary<string, decimal> Of(params (string Code, decimal Score)[] scores) =>
        scores.ToDictionary(s => s.Code, s => s.Score, StringComparer.Ordinal);

    /// <summary>A finding (评定意见) on each indicator the district scores below the self-assessment, as a district writes one.</summary>
    public static Dictionary<string, string?> FindingsWhereLowered(IReadOnlyDictionary<string, decimal> self, IReadOnlyDictionary<string, decimal> district) =>
        district.Where(d => self.TryGetValue(d.Key, out var claimed) && d.Value < claimed)
            .ToDictionary(d => d.Key, d => (string?)$"现场复核：{d.Key} 落实不到位，扣减 {self[d.Key] - d.Value} 分", StringComparer.Ordinal);
}
