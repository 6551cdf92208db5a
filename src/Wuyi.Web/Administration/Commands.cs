using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;

namespace Wuyi.Web.Administration;

/// <summary>
/// Command-line tasks run with the app's own configuration instead of serving:
/// <c>import-divisions [--province 11 | --all] [--source DIR]</c>, <c>migrate</c>, and
/// <c>schema-script sqlite|postgres</c> (the model's DDL, the starting point of a new migration), and
/// <c>audit-verify</c> (checks the audit hash chain; exit code 1 and the first broken link when it is broken).
/// </summary>
public static class Commands
{
    public static readonly string[] Names = ["import-divisions", "migrate", "schema-script", "audit-verify"];

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
                    // An import from the command line has no request to record it: it says so itself.
                    await sp.GetRequiredService<Audit.AuditTrail>().AppendAsync([new Audit.AuditRecord
                    {
                        ActorName = $"命令行（{Environment.UserName}@{Environment.MachineName}）",
                        Role = "system",
                        Action = "import-divisions",
                        ObjectType = "divisions",
                        ObjectId = province ?? "全国",
                        Outcome = Audit.AuditOutcome.Success,
                        Changes = System.Text.Json.JsonSerializer.Serialize(new { source, r.Read, r.Inserted, r.Updated }),
                    }]);
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
                case "audit-verify":
                {
                    var verification = await Audit.AuditTrail.VerifyAsync(sp.GetRequiredService<WuyiDbContext>());
                    (verification.Intact ? Console.Out : Console.Error).WriteLine(verification.Describe());
                    return verification.Intact ? 0 : 1;
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
