using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;

namespace Wuyi.Browser.Tests.Infrastructure;

/// <summary>
/// The whole app on a real port (Kestrel on 127.0.0.1, port chosen by the system) over a fresh SQLite file,
/// migrated and loaded the real way at start, demo accounts seeded; and one headless Chromium driven by
/// Playwright. One per test class, so that no two journeys share rows.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _demoProgramme;
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"wuyi-browser-{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Uri? _address;
    private int _nextAccount;

    public BrowserApp()
        : this(demoProgramme: false)
    {
    }

    /// <param name="demoProgramme">Seeds the demo programme (演示数据) and its administrators, as <c>--demo</c> does.</param>
    protected BrowserApp(bool demoProgramme)
    {
        _demoProgramme = demoProgramme;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public TestClock Clock { get; } = new();

    private const string KeyRingCertificatePassword = "browser-keyring";

    /// <summary>One key-ring certificate for the test run, removed at exit.</summary>
    private static readonly Lazy<string> KeyRingCertificatePath = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"wuyi-browser-keyring-{Guid.NewGuid():N}.pfx");
        KeyRingCertificate.Create(path, KeyRingCertificatePassword);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("fixture not initialised");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>The Chromium to drive: WUYI_CHROMIUM, else Debian's /usr/bin/chromium. Never a downloaded one.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("WUYI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: run scripts/test.sh (it installs the Debian package) or set WUYI_CHROMIUM.");
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _address = new Uri(addresses.Single().TrimEnd('/') + "/");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Wuyi", new SqliteConnectionStringBuilder { DataSource = _databaseFile, ForeignKeys = true, Pooling = false }.ToString());
        builder.UseSetting("Wuyi:SeedDemoAccounts", "true");
        if (_demoProgramme) builder.UseSetting("Wuyi:SeedDemoProgramme", "true");
        // CreateIfMissing is the demo's alone (not a setting): the test run makes its own certificate, as the HTTP tests do.
        builder.UseSetting("Wuyi:DataProtection:CertificatePath", KeyRingCertificatePath.Value);
        builder.UseSetting("Wuyi:DataProtection:CertificatePassword", KeyRingCertificatePassword);
        // Kestrel here is plain http://127.0.0.1: cookies without __Host-/Secure, and no per-IP sign-in limit (one address for every journey).
        builder.UseSetting("Wuyi:Accounts:RequireHttps", "false");
        builder.UseSetting("Wuyi:Accounts:SignInsPerMinutePerIp", "1000000");
        builder.UseSetting("Wuyi:PublicDownloadsPerMinutePerIp", "1000000");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A fresh browser context (its own cookies) on a desktop-sized window, in Chinese, on Beijing time.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } };
        options.BaseURL = Address.ToString();
        options.Locale ??= "zh-CN";
        options.TimezoneId ??= "Asia/Shanghai";
        return NewContextCoreAsync(options);
    }

    private async Task<IBrowserContext> NewContextCoreAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return context;
    }

    /// <summary>Creates an account with a role on a division node; returns its user name (password as the demo ones).</summary>
    public async Task<string> CreateAccountAsync(ProgrammeRole role, string divisionCode, string? displayName = null)
    {
        var userName = $"b{Interlocked.Increment(ref _nextAccount)}-{role.ToString().ToLowerInvariant()}-{divisionCode}";
        using var scope = Services.CreateScope();
        var sp = scope.ServiceProvider;
        var name = displayName ?? await sp.GetRequiredService<WuyiDbContext>().Divisions.AsNoTracking()
            .Where(d => d.Code == divisionCode).Select(d => d.Name).SingleAsync();
        var result = await sp.GetRequiredService<UserManager<User>>().CreateAsync(
            new User { UserName = userName, DisplayName = name, Role = role, DivisionCode = divisionCode, EmailConfirmed = true }, DemoAccounts.Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        return userName;
    }

    /// <summary>The first community (by code) of a district or street, other than the demo community.</summary>
    public async Task<(string Code, string Name)> CommunityInAsync(string within)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var c = await db.Divisions.AsNoTracking()
            .Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(within) && d.Code != DemoAccounts.All[0].DivisionCode)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).FirstAsync();
        return (c.Code, c.Name);
    }

    /// <summary>An API client signed in with a bearer token, for putting an application where a journey starts.</summary>
    public async Task<ApiClient> ApiAsAsync(string userName)
    {
        var client = new HttpClient { BaseAddress = Address };
        var response = await client.PostAsJsonAsync("api/v1/auth/token", new { userName, password = DemoAccounts.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(client);
    }
}

/// <summary>The app with the demo programme (演示数据): something on every account's pages, and the three administrators.</summary>
public sealed class DemoBrowserApp() : BrowserApp(demoProgramme: true);

/// <summary>The few API calls the journeys use to set the scene (never to check what a page shows).</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    /// <summary>The Beijing scale at full points (100), with overrides.</summary>
    public static Dictionary<string, decimal> Scores(params (string Code, decimal Score)[] overrides) => Wuyi.Testing.BeijingScores.Full(overrides);

    /// <summary>Starts a draft for the signed-in community with scores and submits it; returns its id.</summary>
    public async Task<Guid> SubmitAsync(Dictionary<string, decimal> scores)
    {
        var created = await ReadAsync(await http.PostAsJsonAsync("api/v1/applications", new { scores, note = "自评" }));
        var id = created.GetProperty("id").GetGuid();
        await ReadAsync(await http.PostAsJsonAsync($"api/v1/applications/{id}/submit", new { }));
        return id;
    }

    public async Task WithdrawAsync(Guid id, string comment) =>
        await ReadAsync(await http.PostAsJsonAsync($"api/v1/applications/{id}/withdraw", new { comment }));

    public async Task RecommendAsync(Guid id, string comment) =>
        await ReadAsync(await http.PostAsJsonAsync($"api/v1/applications/{id}/recommend", new { comment }));

    /// <summary>Any other step of the scene (approve, file, publish, record a veto): the answer, or an exception with the problem.</summary>
    public async Task<JsonElement> PostAsync(string path, object body) => await ReadAsync(await http.PostAsJsonAsync(path, body));

    /// <summary>The application as the API sees it (state, version, history).</summary>
    public async Task<JsonElement> GetAsync(Guid id) => await ReadAsync(await http.GetAsync($"api/v1/applications/{id}"));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => http.Dispose();
}
