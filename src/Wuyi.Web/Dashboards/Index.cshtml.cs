using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Dashboards;

/// <summary>
/// 统计分析: the programme at a glance for a street, a district or the city — each its own subtree, drilling down to the
/// units below — with every chart's figures in a table under it and as a download.
/// </summary>
[AuthorizeFor(Permission.ReadStatistics)]
public sealed class IndexModel(DashboardQueries queries, TimeProvider time) : PageModel
{
    [FromQuery] public string? Within { get; set; }

    public Dashboard Dashboard { get; private set; } = null!;
    public IReadOnlyList<FigureTable> Tables { get; private set; } = [];
    public IReadOnlyDictionary<string, ChartSpec> Charts { get; private set; } = new Dictionary<string, ChartSpec>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dashboard = await queries.GetAsync(User.RequireActor(), Within, ct);
        Tables = DashboardTables.Of(Dashboard);
        Charts = DashboardCharts.Of(Dashboard);
    }

    /// <summary>One table's figures as .xlsx or CSV (?handler=table&amp;name=funnel&amp;format=csv).</summary>
    public async Task<IActionResult> OnGetTableAsync(string? name, string? format, CancellationToken ct)
    {
        var key = name ?? "funnel";
        var dashboard = await queries.GetAsync(User.RequireActor(), Within, ct, key);
        var table = DashboardTables.Of(dashboard).FirstOrDefault(t => t.Key == key)
            ?? throw new NotFoundException($"没有名为“{name}”的统计表");
        return FigureExport.Download(table, dashboard.Scope.Unit.Name, ProgrammeClock.DateOf(time.GetUtcNow()), format);
    }

    public string TableLink(string key, string format) => $"/dashboards?handler=table&name={key}&format={format}&within={Dashboard.Scope.Unit.Code}";

    /// <summary>A table with its charts: the funnel has two (the stages, and coverage per unit in place of a map).</summary>
    public FigureSection Section(FigureTable table)
    {
        var keys = table.Key == "funnel"
            ? new[] { ("funnel", "创建进度"), ("map", "各区覆盖率（地图）"), ("coverage", $"各{Dashboard.Scope.ChildLevelName}覆盖率") }
            : [(table.Key, table.Title)];
        return new FigureSection(table, keys.Where(k => Charts.ContainsKey(k.Item1)).Select(k => (k.Item2, Charts[k.Item1])).ToList(),
            TableLink(table.Key, "xlsx"), TableLink(table.Key, "csv"));
    }
}
