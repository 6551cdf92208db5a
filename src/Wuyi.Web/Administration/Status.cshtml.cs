using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Administration;

/// <summary>
/// 系统状态: the system administrator's own page (三权分立), where it lands after sign-in — what runs, on which
/// database, whether the database answers. Nothing of the programme's data and nothing of the accounts.
/// </summary>
[Authorize(Policy = AdministratorPolicies.SystemAdministrator)]
public sealed class StatusModel(WuyiDbContext db, IOptions<WuyiOptions> settings, TimeProvider time, IWebHostEnvironment environment) : PageModel
{
    public sealed record Fact(string Name, string Value, string TestId);

    public IReadOnlyList<Fact> Facts { get; private set; } = [];

    public bool DatabaseAnswers { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        DatabaseAnswers = await db.Database.CanConnectAsync(ct);
        var version = typeof(StatusModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "—";
        Facts =
        [
            new("版本", version.Split('+')[0], "version"),
            new("运行环境", $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} · {environment.EnvironmentName}", "runtime"),
            new("数据库", db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? "PostgreSQL" : "SQLite", "database"),
            new("数据库连接", DatabaseAnswers ? "正常" : "无法连接", "database-state"),
            new("服务器时间（北京时间）", Display.Time(time.GetUtcNow().UtcDateTime), "time"),
            new("省级区划", settings.Value.Province, "province"),
            new("演示数据", settings.Value.SeedDemoProgramme ? "是" : "否", "demo"),
        ];
    }
}
