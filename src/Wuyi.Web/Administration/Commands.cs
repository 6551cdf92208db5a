using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;

namespace Wuyi.Web.Administration;

/// <summary>
/// Command-line tasks run with the app's own configuration instead of serving:
/// <c>import-divisions [--province 11 | --all] [--source DIR]</c>, <c>migrate</c>, and
/// <c>schema-script sqlite|postgres</c> (the model's DDL, the starting point of a new migration).
/// </summary>
public static class Commands
{
    public static readonly string[] Names = ["import-divisions", "migrate", "schema-script", "create-administrator"];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var name = args[0];
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        try
        {
            switch (name)
            {
                case "migrate":
                    await sp.GetRequiredService<WuyiDbContext>().Database.MigrateAsync();
                    Console.WriteLine("数据库已迁移到最新版本");
                    return 0;
                case "import-divisions":
                {
                    await sp.GetRequiredService<WuyiDbContext>().Database.MigrateAsync();
                    var all = args.Contains("--all");
                    var province = all ? null : Option(args, "--province") ?? "11";
                    var source = Option(args, "--source") ?? DivisionImporter.DefaultSource(app.Environment.ContentRootPath);
                    var r = await sp.GetRequiredService<DivisionImporter>().ImportAsync(source, province);
                    Console.WriteLine($"区划导入完成（{(all ? "全国" : "省级代码 " + province)}）：读取 {r.Read} 条，新增 {r.Inserted} 条，更新 {r.Updated} 条，用时 {r.Elapsed.TotalSeconds:0.0} 秒");
                    return 0;
                }
                case "schema-script":
                {
                    var provider = args.Length > 1 ? args[1] : "sqlite";
                    var options = new DbContextOptionsBuilder<WuyiDbContext>();
                    Database.Configure(options, provider == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
                        provider == "postgres" ? "Host=localhost" : "Data Source=:memory:");
                    await using var db = new WuyiDbContext(options.Options);
                    Console.WriteLine(db.Database.GenerateCreateScript());
                    return 0;
                }
                case "create-administrator": // create-administrator system|security|audit USERNAME (三权分立; the first one starts here)
                {
                    if (args.Length < 3) throw new ArgumentException("用法：create-administrator system|security|audit 用户名");
                    await sp.GetRequiredService<WuyiDbContext>().Database.MigrateAsync();
                    var password = Accounts.AccountAdministration.GenerateInitialPassword();
                    var (result, _) = await sp.GetRequiredService<Accounts.AccountAdministration>().CreateAdministratorAsync(args[2], args[2], args[1], password);
                    if (!result.Succeeded) throw new InvalidOperationException(string.Join("；", result.Errors.Select(e => e.Description)));
                    Console.WriteLine($"已创建管理员 {args[2]}（{args[1]}），初始密码：{password}（首次登录须修改密码并启用双因素认证）");
                    return 0;
                }
                default:
                    Console.Error.WriteLine($"未知命令：{name}");
                    return 2;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException or InvalidDataException)
        {
            Console.Error.WriteLine($"失败：{ex.Message}");
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
