using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;

namespace Wuyi.Web.Tests.Infrastructure;

/// <summary>
/// The whole app in memory over a fresh database of one kind, migrated and loaded the real way at start
/// (migrations, shipped scale, Beijing divisions from the npm package, demo accounts).
/// One per test class; tests in it take their own communities so that no two share rows.
/// </summary>
public abstract class WuyiApp(DatabaseProvider provider, TestDatabase? shared = null) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _ownsDatabase = shared is null;
    private TestDatabase? _database = shared;
    private int _nextAccount;
    private readonly Dictionary<string, int> _handedOut = [];
    private readonly Lock _gate = new();
    private readonly string _uploads = Path.Combine(Path.GetTempPath(), $"wuyi-uploads-{Guid.NewGuid():N}");
    private readonly string _anchors = Path.Combine(Path.GetTempPath(), $"wuyi-anchors-{Guid.NewGuid():N}");

    /// <summary>This node's file of audit head anchors (and its key beside it), never in the source tree.</summary>
    public string AnchorPath => Path.Combine(_anchors, "audit-anchors.log");

    public string AnchorKeyPath => Path.Combine(_anchors, "audit-anchor.key");

    /// <summary>Whether this node runs the Quartz reminders job on its own (off unless a fixture says so).</summary>
    protected virtual bool ReminderJobEnabled => false;

    public TestClock Clock { get; } = new();

    /// <summary>Warnings and errors the app logged while this fixture ran.</summary>
    public RecordedLog Log { get; } = new();

    public const string KeyRingCertificatePassword = "test-keyring";

    /// <summary>One key-ring certificate for the test run: every node shares it, as deployed nodes must. Removed at exit.</summary>
    public static readonly Lazy<string> KeyRingCertificatePath = new(() => NewKeyRingCertificate());

    public static string NewKeyRingCertificate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wuyi-test-keyring-{Guid.NewGuid():N}.pfx");
        KeyRingCertificate.Create(path, KeyRingCertificatePassword);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    /// <summary>Cookies are __Host-/Secure and antiforgery refuses plain http when they are: clients talk https to TestServer.</summary>
    public static readonly Uri BaseAddress = new("https://localhost");
    public DatabaseProvider Provider => provider;
    public TestDatabase Database => _database ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync()
    {
        _database ??= await TestDatabase.CreateAsync(provider);
        ClientOptions.BaseAddress = BaseAddress;
        _ = Server; // start the app: migrate, load data
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_uploads)) Directory.Delete(_uploads, recursive: true);
        if (Directory.Exists(_anchors)) Directory.Delete(_anchors, recursive: true);
        if (_database is not null && _ownsDatabase) await _database.DisposeAsync(); // a shared one belongs to its first node
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("ConnectionStrings:Wuyi", Database.ConnectionString);
        builder.UseSetting("Wuyi:SeedDemoAccounts", "true");
        builder.UseSetting("Wuyi:Uploads:Path", _uploads); // never the source tree
        builder.UseSetting("Wuyi:DataProtection:CertificatePath", KeyRingCertificatePath.Value);
        builder.UseSetting("Wuyi:DataProtection:CertificatePassword", KeyRingCertificatePassword);
        builder.UseSetting("Wuyi:Audit:AnchorPath", AnchorPath);
        builder.UseSetting("Wuyi:Audit:AnchorKeyPath", AnchorKeyPath);
        // Every TestServer request comes from the same (no) address: the per-IP sign-in limit is tested on its own (RateLimitTests).
        builder.UseSetting("Wuyi:Accounts:SignInsPerMinutePerIp", "1000000");
        builder.UseSetting("Wuyi:PublicDownloadsPerMinutePerIp", "1000000");
        // The reminders job runs when a test runs it (NotificationTests); its own fixtures turn the scheduler on.
        builder.UseSetting("Wuyi:Notifications:Enabled", ReminderJobEnabled ? "true" : "false");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<T> WithDbAsync<T>(Func<WuyiDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<WuyiDbContext>());
    }

    public Task WithDbAsync(Func<WuyiDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    /// <summary>A client signed in with a bearer token as the given account.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoAccounts.Password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Creates an account with a role on a division node and signs it in.</summary>
    public async Task<HttpClient> AsAsync(ProgrammeRole role, string divisionCode) => await SignInAsync(await CreateAccountAsync(role, divisionCode));

    /// <summary>Creates an account with a role on a division node (password <see cref="DemoAccounts.Password"/>); returns its user name.</summary>
    public async Task<string> CreateAccountAsync(ProgrammeRole role, string divisionCode, string? displayName = null)
    {
        var userName = $"t{Interlocked.Increment(ref _nextAccount)}-{role.ToString().ToLowerInvariant()}-{divisionCode}";
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var result = await users.CreateAsync(new User { UserName = userName, DisplayName = displayName ?? $"测试{Actor.RoleName(role)}{divisionCode}", Role = role, DivisionCode = divisionCode }, DemoAccounts.Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        return userName;
    }

    /// <summary>A community of the district (default 海淀区) that no other test in this fixture has been given.</summary>
    public async Task<string> FreshCommunityAsync(string district = "110108")
    {
        int skip;
        lock (_gate)
        {
            skip = _handedOut.GetValueOrDefault(district);
            _handedOut[district] = skip + 1;
        }
        // The demo community is reserved for the demo-account round.
        return await WithDbAsync(db => db.Divisions.AsNoTracking()
            .Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(district) && d.Code != DemoAccounts.All[0].DivisionCode)
            .OrderBy(d => d.Code).Skip(skip).Select(d => d.Code).FirstAsync());
    }

    private sealed record TokenResponse(string AccessToken);
}

public sealed class SqliteApp() : WuyiApp(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : WuyiApp(DatabaseProvider.Postgres);

/// <summary>Another app node on the database of <paramref name="first"/>: several stateless nodes, one database.</summary>
public sealed class SecondNode(WuyiApp first) : WuyiApp(first.Provider, first.Database);
