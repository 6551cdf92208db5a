using System.Globalization;

namespace Wuyi.Web.Dashboards;

/// <summary>The parts of a unit's figures a change can move: each is recomputed from the records of the streets it touched.</summary>
[Flags]
public enum FigureSections
{
    None = 0,
    Funnel = 1,        // 创建进度
    Progress = 2,      // 随时间
    Batches = 4,       // 公布批次
    Indicators = 8,    // 薄弱指标
    Hotline = 16,      // 接诉即办
    ReEvaluations = 32, // 12345 引发的重新评定
    Vetoes = 64,       // 否决事项
    All = Funnel | Progress | Batches | Indicators | Hotline | ReEvaluations | Vetoes,
}

/// <summary>
/// One stored figure (统计汇总): up to ten numbers of a unit (a street, district, province, or "" for the country) under a
/// key. Decimals are kept in ten-thousandths (<see cref="FigureKeys.Unit"/>).
/// </summary>
public sealed class DashboardFigure
{
    public string Unit { get; set; } = "";
    public string Key { get; set; } = "";
    public long V0 { get; set; }
    public long V1 { get; set; }
    public long V2 { get; set; }
    public long V3 { get; set; }
    public long V4 { get; set; }
    public long V5 { get; set; }
    public long V6 { get; set; }
    public long V7 { get; set; }
    public long V8 { get; set; }
    public long V9 { get; set; }

    public long[] Values() => [V0, V1, V2, V3, V4, V5, V6, V7, V8, V9];
}

/// <summary>The keys of the figures, and the section each belongs to.</summary>
public static class FigureKeys
{
    public const int Width = 10;
    public const decimal Unit = 10_000m; // decimals are kept in ten-thousandths

    public const string Funnel = "funnel";      // communities, applied, recommended, approved, not approved, filed, certified, revoked, rectifying, again
    public const string Hotline = "hotline";    // epidemic, late, dissatisfied, deducted, communities deducted
    public const string ReEvaluations = "reeval"; // re-evaluations opened by 12345 deductions
    public static string Day(DateOnly d) => "day:" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // submitted, approved, certified, revoked
    public static string Batch(int number) => "batch:" + number.ToString(CultureInfo.InvariantCulture); // certified, still certified
    public static string Scale(string scaleId) => "ind:" + scaleId; // applications
    public static string Indicator(string scaleId, string code) => "ind:" + scaleId + ":" + code; // scored, lost, below, compared, differing, difference
    public static string Veto(Wuyi.Domain.Rules.VetoKind kind) => "veto:" + ((int)kind).ToString(CultureInfo.InvariantCulture); // recorded, live, annulled

    /// <summary>A province's 12345 window end (Beijing-time day number), kept beside its figures; not a figure.</summary>
    public const string HotlineAsOf = "meta:hotline-asof";

    /// <summary>The country's row saying the summaries were built from the records, and by which definition.</summary>
    public const string Built = "meta:built";

    public static FigureSections SectionOf(string key) => key switch
    {
        Funnel => FigureSections.Funnel,
        Hotline => FigureSections.Hotline,
        ReEvaluations => FigureSections.ReEvaluations,
        _ when key.StartsWith("day:", StringComparison.Ordinal) => FigureSections.Progress,
        _ when key.StartsWith("batch:", StringComparison.Ordinal) => FigureSections.Batches,
        _ when key.StartsWith("ind:", StringComparison.Ordinal) => FigureSections.Indicators,
        _ when key.StartsWith("veto:", StringComparison.Ordinal) => FigureSections.Vetoes,
        _ => FigureSections.None,
    };

    public static long Fixed(decimal d) => (long)Math.Round(d * Unit);

    public static decimal Decimal(long v) => v / Unit;
}

/// <summary>Figures by unit and key, as computed from the records or read from the summaries.</summary>
public sealed class FigureSet
{
    private readonly Dictionary<(string Unit, string Key), long[]> _rows = [];

    public IEnumerable<KeyValuePair<(string Unit, string Key), long[]>> Rows => _rows;

    public int Count => _rows.Count;

    /// <summary>Adds to the figure (creating it at zero); values beyond those given stay.</summary>
    public void Add(string unit, string key, params long[] values)
    {
        if (!_rows.TryGetValue((unit, key), out var row)) _rows[(unit, key)] = row = new long[FigureKeys.Width];
        for (var i = 0; i < values.Length; i++) row[i] += values[i];
    }

    public long[]? Get(string unit, string key) => _rows.GetValueOrDefault((unit, key));

    /// <summary>The figure summed over every unit in the set (a unit's totals: its own row, or all its children's).</summary>
    public long[] Total(string key)
    {
        var sum = new long[FigureKeys.Width];
        foreach (var ((_, k), v) in _rows)
            if (k == key)
                for (var i = 0; i < sum.Length; i++) sum[i] += v[i];
        return sum;
    }

    /// <summary>The keys present, with their sums over every unit.</summary>
    public Dictionary<string, long[]> Totals(Func<string, bool> keys)
    {
        var sums = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var ((_, k), v) in _rows)
        {
            if (!keys(k)) continue;
            if (!sums.TryGetValue(k, out var sum)) sums[k] = sum = new long[FigureKeys.Width];
            for (var i = 0; i < sum.Length; i++) sum[i] += v[i];
        }
        return sums;
    }

    public static FigureSet Of(IEnumerable<DashboardFigure> figures)
    {
        var set = new FigureSet();
        foreach (var f in figures) set.Add(f.Unit, f.Key, f.Values());
        return set;
    }
}
