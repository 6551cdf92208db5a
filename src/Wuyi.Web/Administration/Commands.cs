using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;

namespace Wuyi.Web.Administration;

/// <summary>
/// Command-line tasks run with the app's own configuration instead of serving:
/// <c>import-divisions [--province 11 | --all] [--source DIR]</c>, <c>migrate</c>, and
/// <c>schema-script sqlite|postgres</c> (the model's DDL, the starting point of a new migration),
/// <c>audit-verify</c> (checks the audit hash chain and the head anchors kept outside the database; exit code 1 and the
/// first problem when it is broken or cut short), and
/// <c>backup FOLDER</c> and <c>restore FOLDER [--force]</c> (see <see cref="Backup"/>).
/// </summary>
public static class Commands
{
    public static readonly string[] Names = ["import-divisions", "migrate", "schema-script", "audit-verify", "backup", "restore", "create-administrator"];

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
                    var verification = await Audit.AuditTrail.VerifyAsync(sp.GetRequiredService<WuyiDbContext>(), Anchors(app));
                    (verification.Intact ? Console.Out : Console.Error).WriteLine(verification.Describe());
                    return verification.Intact ? 0 : 1;
                }
                case "backup" or "restore":
                {
                    if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
                        throw new ArgumentException($"请指定备份目录：{name} <目录>");
                    var backup = new Backup(sp.GetRequiredService<WuyiDbContext>(), Database.ProviderFrom(app.Configuration),
                        sp.GetRequiredService<Uploads.EvidenceStore>().Root, sp.GetRequiredService<TimeProvider>(),
                        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.WuyiOptions>>().Value.PostgresBin,
                        app.Configuration, app.Environment.ContentRootPath, Anchors(app));
                    if (name == "backup")
                    {
                        var m = await backup.BackupAsync(args[1]);
                        Console.WriteLine($"已备份到 {Path.GetFullPath(args[1])}：{m.RowCounts.Values.Sum()} 行数据，{m.Files.Count} 个文件，结构版本 {m.MigrationId}");
                        Console.WriteLine(m.KeyRing);
                    }
                    else
                    {
                        var m = await backup.RestoreAsync(args[1], args.Contains("--force"));
                        Console.WriteLine($"已从 {Path.GetFullPath(args[1])} 恢复（备份于 {Wuyi.Web.Infrastructure.Display.Time(m.CreatedAtUtc.UtcDateTime)}），行数与文件校验一致");
                        Console.WriteLine(m.KeyRing); // which certificate the restored key ring needs
                    }
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
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException or InvalidDataException or System.Data.Common.DbException)
        {
            Console.Error.WriteLine($"失败：{ex.Message}");
            return 1;
        }
    }

    /// <summary>The node's head anchors, from its configuration (a command runs without the app's services).</summary>
    private static Audit.AuditAnchors Anchors(WebApplication app) =>
        new(Audit.AuditAnchors.From(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Audit.AuditOptions>>().Value, app.Environment.ContentRootPath), TimeProvider.System);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
