using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;

namespace Wuyi.Bench;

/// <summary>The real app on a real loopback port (Kestrel), over a fresh SQLite file, quiet logs.</summary>
public sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"wuyi-bench-{Guid.NewGuid():N}.db");
    private readonly string? _postgresAdmin;
    private readonly string _postgresName = $"wuyi_bench_{Guid.NewGuid():N}";
    private readonly string? _existing; // a database made earlier (--reuse): never created nor dropped here

    /// <param name="postgresAdmin">An Npgsql connection string to a server where a fresh database is created; null for SQLite.</param>
    public BenchHost(string? postgresAdmin = null)
    {
        _postgresAdmin = postgresAdmin;
        IsPostgres = postgresAdmin is not null;
        if (postgresAdmin is not null) Run(postgresAdmin, $"CREATE DATABASE \"{_postgresName}\"");
        UseKestrel(0);
    }

    private BenchHost(bool postgres, string connectionString)
    {
        _existing = connectionString;
        IsPostgres = postgres;
        UseKestrel(0);
    }

    /// <summary>The app over an existing database, left as it is when disposed.</summary>
    public static BenchHost Existing(bool postgres, string connectionString) => new(postgres, connectionString);

    /// <summary>Keep the database (file or PostgreSQL database) when disposed, to measure it again later.</summary>
    public bool Keep { get; set; }

    public bool IsPostgres { get; }

    public string Provider => IsPostgres ? "Postgres" : "Sqlite";

    public string ConnectionString => _existing ?? (_postgresAdmin is null
        ? $"Data Source={_file};Foreign Keys=True"
        : new Npgsql.NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = _postgresName }.ToString());

    private static void Run(string connectionString, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(WebProjectFolder());
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Wuyi", ConnectionString);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // Plain http on loopback, as the demo: otherwise every request is redirected to https (Wuyi:Accounts:RequireHttps).
        builder.UseSetting("Wuyi:Accounts:RequireHttps", "false");
        builder.UseSetting("Wuyi:DataProtection:CertificatePath", KeyRing());
        builder.ConfigureLogging(l => l.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>The key ring certificate every bench app uses (two-nodes gives its nodes the same file), made once.</summary>
    public static string KeyRing()
    {
        // Made here: the options' CreateIfMissing is internal, so configuration cannot turn it on.
        var path = Path.Combine(Path.GetTempPath(), "wuyi-bench-keyring.pfx");
        if (!File.Exists(path)) Wuyi.Web.Accounts.KeyRingCertificate.Create(path, null);
        return path;
    }

    public static string WebProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Wuyi.Web");
            if (File.Exists(Path.Combine(candidate, "Wuyi.Web.csproj"))) return candidate;
        }
        throw new DirectoryNotFoundException("src/Wuyi.Web not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A city account made for the run, and its bearer token from the app's own sign-in endpoint.</summary>
    public Task<string> CityTokenAsync(Uri baseAddress) =>
        TokenAsync(baseAddress, "bench-city", "市社区防控组（压测）", ProgrammeRole.City, "11");

    /// <summary>An account (made unless it exists, e.g. in a reused database) and its bearer token from the app's own sign-in endpoint.</summary>
    public async Task<string> TokenAsync(Uri baseAddress, string userName, string displayName, ProgrammeRole role, string divisionCode)
    {
        const string password = "Bench@2022city";
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var result = await users.CreateAsync(new User { UserName = userName, DisplayName = displayName, Role = role, DivisionCode = divisionCode }, password);
                if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
        using var client = new HttpClient { BaseAddress = baseAddress };
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Token>())!.AccessToken;
    }

    private sealed record Token(string AccessToken);

    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_existing is not null || Keep) return;
        if (_postgresAdmin is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            Run(_postgresAdmin, $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
        }
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
