using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Common;
using Wuyi.Web.Dashboards;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

/// <summary>统计: the certified communities per district and the batches over time, for residents and reporters.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.Statistics)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(PublicExport.RateLimit)] // the table downloads only
public sealed class StatisticsModel(PublicQueries queries, TimeProvider time) : PageModel
{
    public IReadOnlyList<FigureTable> Tables { get; private set; } = [];
    public IReadOnlyDictionary<string, ChartSpec> Charts { get; private set; } = new Dictionary<string, ChartSpec>();

    public async Task OnGetAsync(CancellationToken ct) => (Tables, Charts) = await BuildAsync(ct);

    /// <summary>One table as .xlsx or CSV, the same figures as the page.</summary>
    public async Task<IActionResult> OnGetTableAsync(string? name, string? format, CancellationToken ct)
    {
        var (tables, _) = await BuildAsync(ct);
        var table = tables.FirstOrDefault(t => t.Key == (name ?? "districts")) ?? throw new NotFoundException($"没有名为“{name}”的统计表");
        return FigureExport.Download(table, await queries.CityAsync(ct), ProgrammeClock.DateOf(time.GetUtcNow()), format);
    }

    private async Task<(IReadOnlyList<FigureTable>, IReadOnlyDictionary<string, ChartSpec>)> BuildAsync(CancellationToken ct)
    {
        var (districts, batches) = await queries.StatisticsAsync(ct);
        var sum = (Communities: districts.Sum(d => d.Communities), Certified: districts.Sum(d => d.Certified), Revoked: districts.Sum(d => d.Revoked));
        var tables = new List<FigureTable>
        {
            new("districts", "各区认定情况", "现为无疫社区（村）的数量与覆盖率（已认定 ÷ 社区（村）总数）；取消认定的不计入已认定",
                ["区", "社区（村）", "已认定", "覆盖率", "曾被取消认定"],
                districts.Select(d => (IReadOnlyList<FigureCell>)[new(d.District.Name, null, $"/public?district={d.District.Code}"), FigureCell.Of(d.Communities),
                    FigureCell.Of(d.Certified), FigureCell.Rate(d.Coverage), FigureCell.Of(d.Revoked)]).ToList(),
                [new("合计"), FigureCell.Of(sum.Communities), FigureCell.Of(sum.Certified),
                    FigureCell.Rate(sum.Communities == 0 ? null : (decimal)sum.Certified / sum.Communities), FigureCell.Of(sum.Revoked)]),
            new("batches", "历次公布", "每批公布认定的社区（村）数与累计数（含之后被取消认定的）",
                ["批次", "名称", "公布日期", "本批认定", "累计"],
                batches.Select(b => (IReadOnlyList<FigureCell>)[new($"第 {b.Number} 批", b.Number, $"/public/batches/{b.Number}"), new(b.Title),
                    new(b.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), FigureCell.Of(b.Certified), FigureCell.Of(b.Cumulative)]).ToList()),
        };
        var ranked = districts.OrderByDescending(d => d.Coverage ?? -1).ThenBy(d => d.District.Code, StringComparer.Ordinal).ToList();
        var charts = new Dictionary<string, ChartSpec>
        {
            ["districts"] = new("hbar", ranked.Select(d => d.District.Name).ToList(),
                [new("覆盖率", ranked.Select(d => Math.Round((d.Coverage ?? 0) * 100, 1)).ToList())], Percent: true),
            ["batches"] = new("bar", batches.Select(b => $"第{b.Number}批").ToList(),
            [
                new("本批认定", batches.Select(b => (decimal)b.Certified).ToList()),
                new("累计", batches.Select(b => (decimal)b.Cumulative).ToList()),
            ]),
        };
        return (tables, charts);
    }
}
