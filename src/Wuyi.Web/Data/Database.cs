using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Wuyi.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Chooses and configures the database: SQLite (a file, the default) or PostgreSQL.</summary>
public static class Database
{
    public const string DefaultSqlite = "Data Source=data/wuyi.db";

    private static readonly WuyiDbContext.PublicListCommitInterceptor CommitInterceptor = new(); // stateless
    private static readonly WuyiDbContext.FigureRollupInterceptor RollupInterceptor = new(); // stateless

    public static DatabaseProvider ProviderFrom(IConfiguration config)
    {
        var name = config["Database:Provider"] ?? "Sqlite";
        return name.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException($"不支持的数据库类型“{name}”：Database:Provider 应为 Sqlite 或 Postgres"),
        };
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString);
                break;
        }
        // The migrations are hand-written SQL (the design-time tooling is unavailable), so EF has no
        // model snapshot to compare against; MigrationSchemaTests checks migrated schema == model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        // In this order at a commit: the figures recounted and the public list told, the audit record, the figures' rollup last.
        options.AddInterceptors(CommitInterceptor, Audit.AuditChangeInterceptor.Instance, RollupInterceptor);
    }

    public static IServiceCollection AddWuyiDatabase(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var provider = ProviderFrom(config);
        var connectionString = config.GetConnectionString("Wuyi") ?? DefaultSqlite;
        if (provider == DatabaseProvider.Sqlite)
            connectionString = SqliteFileBesideContentRoot(connectionString, contentRoot);
        services.AddDbContextPool<WuyiDbContext>(o => Configure(o, provider, connectionString));
        return services;
    }

    /// <summary>A relative SQLite file lives under the content root, and its folder is created.</summary>
    private static string SqliteFileBesideContentRoot(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(contentRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        builder.ForeignKeys = true;
        return builder.ToString();
    }
}
