namespace Wuyi.Testing;

/// <summary>Score maps for the Beijing scale (beijing-2022-06): every indicator at full points (100), with overrides.</summary>
public static class BeijingScores
{
    public static Dictionary<string, decimal> Full(params (string Code, decimal Score)[] overrides)
    {
        var scores = new Dictionary<string, decimal>
        {
            ["A1"] = 15, ["A2"] = 10, ["A3"] = 5, ["A4"] = 8, ["A5"] = 6, ["A6"] = 6,
            ["B1"] = 10, ["B2"] = 10, ["B3"] = 5,
            ["C1"] = 5, ["C2"] = 5, ["C3"] = 5, ["C4"] = 5, ["C5"] = 5,
        };
        foreach (var (code, score) in overrides) scores[code] = score;
        return scores;
    }

    /// <summary>A finding (评定意见) on each indicator given: what a district must write where it scores below the claim.</summary>
    public static Dictionary<string, string> Findings(params string[] codes) =>
        codes.ToDictionary(c => c, c => $"现场复核：{c} 未完全落实，按评分说明扣分", StringComparer.Ordinal);
}
