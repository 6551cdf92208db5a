using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Administration;

/// <summary>What happens before the first request: migrate, load the shipped scales, the Beijing tree, demo accounts.</summary>
public static class Startup
{
    public static async Task PrepareAsync(IServiceProvider services, string contentRoot, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<WuyiDbContext>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Wuyi.Startup");

        await db.Database.MigrateAsync(ct);
        await sp.GetRequiredService<ScaleCatalog>().LoadShippedAsync(Path.Combine(contentRoot, "Scales"), sp.GetRequiredService<TimeProvider>(), ct);

        if (!await Dashboards.FigureStore.BuiltAsync(db, ct)) await Dashboards.FigureStore.RebuildAsync(db, ct, onlyIfStale: true);

        var settings = sp.GetRequiredService<IOptions<WuyiOptions>>().Value;
        var province = settings.Province;
        if (settings.ImportDivisionsOnStart && !await db.Divisions.AnyAsync(d => d.Code == province, ct))
        {
            var source = settings.DivisionSource ?? DivisionImporter.DefaultSource(contentRoot);
            var result = await sp.GetRequiredService<DivisionImporter>().ImportAsync(source, province, ct);
            logger.LogInformation("已导入区划数据 {Count} 条", result.Inserted);
        }

        if (settings.SeedDemoAccounts)
            await DemoAccounts.SeedAsync(sp, ct);
        if (settings.SeedDemoProgramme)
            await DemoProgramme.SeedAsync(sp, ct);
    }
}
