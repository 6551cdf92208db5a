using Wuyi.Domain.Divisions;

namespace Wuyi.Web.Dashboards;

/// <summary>One series of a chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal> Data, string? Stack = null);

/// <summary>
/// What a chart draws, handed to js/dashboards.js as JSON: the script only turns it into ECharts options, so the
/// figures are the table's own. Kind: bar, hbar (horizontal, for long names) or line; percent for rates.
/// </summary>
public sealed record ChartSpec(string Kind, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, bool Percent = false, string? Map = null);

/// <summary>The charts of a dashboard, each drawn above the table of the same key.</summary>
public static class DashboardCharts
{
    public static IReadOnlyDictionary<string, ChartSpec> Of(Dashboard d)
    {
        var charts = new Dictionary<string, ChartSpec>();
        // Coverage, best first: where no usable map of the districts ships with a package we may use, a sorted bar reads as well.
        var byCoverage = d.Funnel.OrderByDescending(r => r.Figures.Coverage ?? -1).ThenBy(r => r.Unit.Code, StringComparer.Ordinal).ToList();
        charts["coverage"] = new("hbar", byCoverage.Select(r => r.Unit.Name).ToList(),
            [new("覆盖率", byCoverage.Select(r => Math.Round((r.Figures.Coverage ?? 0) * 100, 1)).ToList())], Percent: true);
        // The stages after the first: the number of communities is the summary's, and would dwarf every other bar.
        var stages = d.Total.StageCounts().Skip(1).ToList();
        // A map where the build ships the province's districts (Beijing's, from npm): for the officials' city dashboard only,
        // since a map published to the public in China needs its own approval (审图号).
        if (d.Scope.Level == DivisionLevel.Province && MapOf(d.Scope.Unit.Code) is { } map)
            charts["map"] = new("map", d.Funnel.Select(r => r.Unit.Name).ToList(),
                [new("覆盖率", d.Funnel.Select(r => Math.Round((r.Figures.Coverage ?? 0) * 100, 1)).ToList())], Percent: true, Map: map);
        charts["funnel"] = new("bar", stages.Select(s => s.Name).ToList(), [new("社区（村）数", stages.Select(s => (decimal)s.Count).ToList())]);
        // Running totals: what a leader asks of progress is how far it has come, not how spiky the weeks were (the table has each).
        static List<decimal> Running(IEnumerable<int> counts)
        {
            var sum = 0m;
            return counts.Select(c => sum += c).ToList();
        }
        charts["progress"] = new("line", d.Progress.Select(p => p.Start.ToString("MM-dd")).ToList(),
        [
            new("累计提交申报", Running(d.Progress.Select(p => p.Submitted))),
            new("累计评定通过", Running(d.Progress.Select(p => p.Approved))),
            new("累计认定", Running(d.Progress.Select(p => p.Certified))),
            new("累计取消认定", Running(d.Progress.Select(p => p.Revoked))),
        ]);
        charts["batches"] = new("bar", d.Batches.Select(b => $"第{b.Number}批").ToList(),
        [
            new("认定", d.Batches.Select(b => (decimal)b.Certified).ToList()),
            new("仍保持认定", d.Batches.Select(b => (decimal)b.StillCertified).ToList()),
        ]);
        for (var i = 0; i < d.Indicators.Count; i++)
        {
            var top = d.Indicators[i].Indicators.Take(10).Reverse().ToList(); // the weakest at the top of a horizontal bar chart
            charts[i == 0 ? "indicators" : $"indicators-{i + 1}"] = new("hbar", top.Select(x => $"{x.Code} {x.Name}").ToList(),
                [new("平均失分", top.Select(x => x.AverageLost).ToList())]);
        }
        var hotline = d.Hotline.Rows.Where(r => r.Late + r.Dissatisfied > 0).OrderByDescending(r => r.Deducted).ThenBy(r => r.Unit.Code, StringComparer.Ordinal).Take(20).ToList();
        charts["hotline"] = new("bar", hotline.Select(r => r.Unit.Name).ToList(),
        [
            new("答复不及时", hotline.Select(r => (decimal)r.Late).ToList(), "件"),
            new("回访不满意", hotline.Select(r => (decimal)r.Dissatisfied).ToList(), "件"),
            new("扣分合计", hotline.Select(r => r.Deducted).ToList()),
        ]);
        charts["vetoes"] = new("hbar", d.Vetoes.Select(v => v.Name).ToList(),
        [
            new("仍有效", d.Vetoes.Select(v => (decimal)v.Live).ToList(), "n"),
            new("已撤销或已整改", d.Vetoes.Select(v => (decimal)(v.Recorded - v.Live)).ToList(), "n"),
        ]);
        charts["ages"] = new("bar", d.Ages.Select(a => a.Band).ToList(),
        [
            new("整改任务", d.Ages.Select(a => (decimal)a.Rectifications).ToList()),
            new("重新评定", d.Ages.Select(a => (decimal)a.ReEvaluations).ToList()),
        ]);
        var backlog = d.Backlog.Where(b => b.Total > 0).OrderByDescending(b => b.Total).ThenBy(b => b.Unit.Code, StringComparer.Ordinal).Take(20).ToList();
        charts["backlog"] = new("bar", backlog.Select(b => b.Unit.Name).ToList(),
        [
            new("待街道推荐", backlog.Select(b => (decimal)b.AwaitingRecommendation).ToList(), "w"),
            new("待区级评定", backlog.Select(b => (decimal)b.AwaitingEvaluation).ToList(), "w"),
            new("待市级备案", backlog.Select(b => (decimal)b.AwaitingFiling).ToList(), "w"),
            new("整改逾期", backlog.Select(b => (decimal)b.RectificationsOverdue).ToList(), "w"),
            new("整改待验收", backlog.Select(b => (decimal)b.RectificationsToAccept).ToList(), "w"),
            new("待重新评定", backlog.Select(b => (decimal)b.ReEvaluationsOpen).ToList(), "w"),
        ]);
        return charts;
    }

    /// <summary>The districts' shapes of a province, where the build ships them (wwwroot/lib/maps, see Wuyi.Web.csproj).</summary>
    public static string? MapOf(string province) => province == "11" ? "/lib/maps/11.json" : null;

    /// <summary>Whether a chart has anything to draw (an empty chart is replaced by a sentence).</summary>
    public static bool HasData(ChartSpec c) => c.Categories.Count > 0 && c.Series.Any(s => s.Data.Any(v => v != 0));
}

/// <summary>A table with its charts and downloads, as Shared/_FigureSection.cshtml draws it.</summary>
public sealed record FigureSection(FigureTable Table, IReadOnlyList<(string Label, ChartSpec Chart)> Charts, string XlsxHref, string CsvHref);
