namespace Wuyi.Domain.Scales;

/// <summary>How the district's score of an indicator (区级评分) stands against what the community claimed (自评).</summary>
public static class ScoreComparison
{
    /// <summary>“低于自评 2 分”, “高于自评 0.5 分”; null when they agree or either is not given.</summary>
    public static string? Describe(decimal? district, decimal? self)
    {
        if (district is not { } d || self is not { } s || d == s) return null;
        return d < s ? $"低于自评 {ScaleVersion.Format(s - d)} 分" : $"高于自评 {ScaleVersion.Format(d - s)} 分";
    }
}
