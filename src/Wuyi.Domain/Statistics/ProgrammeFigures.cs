using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Statistics;

/// <summary>
/// A unit's way through the programme (创建进度): how many of its communities reached each stage. Every figure counts
/// communities, not applications, so that a community that applied twice counts once and the stages can be compared.
/// </summary>
public sealed record UnitFunnel(
    int Communities,    // 社区（村）总数
    int Applied,        // 已申报：至少提交过一次
    int Recommended,    // 街道已推荐
    int Approved,       // 区级评定通过
    int NotApproved,    // 区级评定未通过（且从未通过）
    int Filed,          // 市级已备案
    int Certified,      // 现为无疫社区（村）
    int Revoked,        // 已取消认定（且未再次认定）
    int Rectifying,     // 整改中
    int CertifiedAgain) // 取消后恢复或再次认定，现为无疫社区（村）
{
    public static readonly UnitFunnel Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>覆盖率: certified ÷ communities, as a fraction; null for a unit without communities.</summary>
    public decimal? Coverage => Communities == 0 ? null : (decimal)Certified / Communities;

    /// <summary>申报率: communities that applied ÷ communities.</summary>
    public decimal? Participation => Communities == 0 ? null : (decimal)Applied / Communities;

    public UnitFunnel Plus(UnitFunnel o) => new(Communities + o.Communities, Applied + o.Applied, Recommended + o.Recommended,
        Approved + o.Approved, NotApproved + o.NotApproved, Filed + o.Filed, Certified + o.Certified, Revoked + o.Revoked,
        Rectifying + o.Rectifying, CertifiedAgain + o.CertifiedAgain);

    public static UnitFunnel Sum(IEnumerable<UnitFunnel> units) => units.Aggregate(Zero, (a, u) => a.Plus(u));

    /// <summary>The stages in order, with their names as the programme says them, for a chart's axis and a table's header.</summary>
    public IReadOnlyList<(string Name, int Count)> StageCounts() =>
    [
        ("社区（村）", Communities), ("已申报", Applied), ("街道已推荐", Recommended), ("区级评定通过", Approved), ("评定未通过", NotApproved),
        ("市级已备案", Filed), ("已认定", Certified), ("已取消认定", Revoked), ("整改中", Rectifying), ("再次认定", CertifiedAgain),
    ];

    /// <summary>A rate as people read it: 12.3%; "—" where there is nothing to divide by.</summary>
    public static string Percent(decimal? rate) => rate is { } r ? (Math.Round(r * 100, 1, MidpointRounding.AwayFromZero)).ToString("0.0") + "%" : "—";
}

/// <summary>How long an item has waited (账龄), in the bands a supervisor reads: a week, a month, a quarter, more.</summary>
public static class AgeBands
{
    public static readonly IReadOnlyList<string> Names = ["7 天以内", "8–30 天", "31–90 天", "90 天以上"];

    /// <summary>The band of an item opened <paramref name="days"/> whole days ago (0 = today).</summary>
    public static int Of(int days) => days switch
    {
        <= 7 => 0,
        <= 30 => 1,
        <= 90 => 2,
        _ => 3,
    };
}

/// <summary>One indicator's figures over many applications (薄弱指标).</summary>
public sealed record IndicatorLoss(
    string Code, string Name, decimal Points,
    int Scored,                  // applications with a score on it
    decimal AverageLost,         // points below full, on average (the district's score where it has scored, else the self-assessment)
    decimal BelowFullShare,      // share of applications below full marks
    int Compared,                // applications with both scores
    int Differing,               // of which the district's score differs from the self-assessment
    decimal AverageDifference);  // district − self, on average over the compared (negative: the district gave fewer points)

/// <summary>One indicator's sums over many applications: what <see cref="IndicatorLosses"/> adds up, and what a stored summary keeps.</summary>
public readonly record struct IndicatorSums(int Scored, decimal Lost, int Below, int Compared, int Differing, decimal Difference)
{
    public IndicatorSums Plus(IndicatorSums o) => new(Scored + o.Scored, Lost + o.Lost, Below + o.Below, Compared + o.Compared,
        Differing + o.Differing, Difference + o.Difference);
}

/// <summary>
/// Adds up where the points are lost, indicator by indicator, on one scale version: the figure a leader reads to
/// see which part of the work communities find hardest, and where the districts and the communities disagree.
/// </summary>
public sealed class IndicatorLosses(ScaleVersion scale)
{
    private readonly Dictionary<string, IndicatorSums> _sums = scale.Indicators.ToDictionary(i => i.Code, _ => default(IndicatorSums));

    public ScaleVersion Scale => scale;

    public int Applications { get; private set; }

    /// <summary>The sums so far, by indicator code.</summary>
    public IReadOnlyDictionary<string, IndicatorSums> Sums => _sums;

    /// <summary>One application's scores; an indicator without a score (an unfinished form) is left out of its averages.</summary>
    public void Add(IReadOnlyDictionary<string, decimal> self, IReadOnlyDictionary<string, decimal>? district)
    {
        var any = false;
        foreach (var indicator in scale.Indicators)
        {
            var hasSelf = self.TryGetValue(indicator.Code, out var s);
            var d = 0m;
            var hasDistrict = district is not null && district.TryGetValue(indicator.Code, out d);
            if (!hasSelf && !hasDistrict) continue;
            var score = hasDistrict ? d : s;
            if (score < 0 || score > indicator.Points) continue; // out of range is an error elsewhere, never a figure here
            any = true;
            var compared = hasSelf && hasDistrict;
            _sums[indicator.Code] = _sums[indicator.Code].Plus(new IndicatorSums(1, indicator.Points - score, score < indicator.Points ? 1 : 0,
                compared ? 1 : 0, compared && d != s ? 1 : 0, compared ? d - s : 0));
        }
        if (any) Applications++;
    }

    /// <summary>Sums kept elsewhere (a unit's stored summary): added as if their applications had been added one by one.</summary>
    public void Add(int applications, IReadOnlyDictionary<string, IndicatorSums> sums)
    {
        Applications += applications;
        foreach (var (code, x) in sums)
            if (_sums.TryGetValue(code, out var sum)) _sums[code] = sum.Plus(x); // an indicator the version no longer has is not a figure
    }

    /// <summary>Every indicator, the most points lost first (ties by code).</summary>
    public IReadOnlyList<IndicatorLoss> Weakest() => scale.Indicators
        .Select(i => (i, x: _sums[i.Code]))
        .Select(p => new IndicatorLoss(p.i.Code, p.i.Name, p.i.Points, p.x.Scored,
            p.x.Scored == 0 ? 0 : Math.Round(p.x.Lost / p.x.Scored, 2),
            p.x.Scored == 0 ? 0 : Math.Round((decimal)p.x.Below / p.x.Scored, 4),
            p.x.Compared, p.x.Differing,
            p.x.Compared == 0 ? 0 : Math.Round(p.x.Difference / p.x.Compared, 2)))
        .OrderByDescending(l => l.AverageLost).ThenBy(l => l.Code, StringComparer.Ordinal)
        .ToList();
}
