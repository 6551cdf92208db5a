using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Administration;

/// <summary>What happens before the first request: migrate, load the shipped scales, the Beijing tree, demo accounts.</summary>
public static class Startup
{
    public static async Task PrepareAsync(IServiceProvider services, IConfiguration config, string contentRoot, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<WuyiDbContext>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Wuyi.Startup");

        await db.Database.MigrateAsync(ct);
        await sp.GetRequiredService<ScaleCatalog>().LoadShippedAsync(Path.Combine(contentRoot, "Scales"), sp.GetRequiredService<TimeProvider>(), ct);

        var province = PublicSite.PublicQueries.ProgrammeProvince(config);
        if (config.GetValue("Wuyi:ImportDivisionsOnStart", true) && !await db.Divisions.AnyAsync(d => d.Code == province, ct))
        {
            var source = config["Wuyi:DivisionSource"] ?? DivisionImporter.DefaultSource(contentRoot);
            var result = await sp.GetRequiredService<DivisionImporter>().ImportAsync(source, province, ct);
            logger.LogInformation("已导入区划数据 {Count} 条", result.Inserted);
        }

        if (config.GetValue("Wuyi:SeedDemoAccounts", false))
            await DemoAccounts.SeedAsync(sp, ct);
        if (config.GetValue("Wuyi:SeedDemoProgramme", false))
            await DemoProgramme.SeedAsync(sp, ct);
    }
}
