using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Dashboards;

/// <summary>The dashboards' figures for machines: the whole dashboard as JSON, or one of its tables as .xlsx, CSV or JSON.</summary>
public static class DashboardsApi
{
    public static RouteGroupBuilder MapDashboardsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/dashboards").WithTags("Dashboards").RequireRoles(Permission.ReadStatistics);

        g.MapGet("", (HttpContext http, DashboardQueries q, string? within, CancellationToken ct) =>
                q.GetAsync(http.User.RequireActor(), within, ct))
            .WithSummary("统计分析: the funnel, progress, batches, weakest indicators, 12345, vetoes, ages and backlog of the caller's node (or a unit within it) and the units below it");

        g.MapGet("/tables/{name}", async (HttpContext http, DashboardQueries q, TimeProvider time, string name, string? within, string? format, CancellationToken ct) =>
            {
                var dashboard = await q.GetAsync(http.User.RequireActor(), within, ct, name);
                var table = DashboardTables.Of(dashboard).FirstOrDefault(t => t.Key == name)
                    ?? throw new NotFoundException($"没有名为“{name}”的统计表");
                if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)) return Results.Ok(table);
                return FigureExport.Download(table, dashboard.Scope.Unit.Name, ProgrammeClock.DateOf(time.GetUtcNow()), format);
            })
            .ProducesExport()
            .WithSummary("One table of a dashboard (funnel, progress, batches, indicators, hotline, vetoes, ages, backlog) as xlsx (default), csv or json");
        return api;
    }
}
