using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Wuyi.Web.Data;

/// <summary>
/// A versioned migration whose DDL is a reviewed SQL script per database, embedded beside it:
/// <c>{Id}.sqlite.sql</c> and <c>{Id}.postgres.sql</c>. Scripts never change once released;
/// a schema change is a new migration.
/// </summary>
public abstract class SqlMigration : Migration
{
    protected abstract string ScriptName { get; }

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(Script(ScriptName, migrationBuilder.ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(Script(ScriptName + ".down", migrationBuilder.ActiveProvider));

    internal static string Script(string name, string? activeProvider)
    {
        var suffix = activeProvider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "sqlite",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "postgres",
            _ => throw new NotSupportedException($"不支持的数据库：{activeProvider}"),
        };
        var resource = $"Wuyi.Web.Data.Migrations.{name}.{suffix}.sql";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"迁移脚本 {resource} 缺失");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
