using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Audit;

/// <summary>Helpers for the audit suites: the audit administrator, the trail as stored, and what the verifier says.</summary>
public static class AuditHelpers
{
    /// <summary>The client address the test server reports (it has no socket); the X-Test-Client-Ip header sets another.</summary>
    public const string ClientIp = "203.0.113.7";

    /// <summary>
    /// The audit administrator (claim <c>wuyi:admin = audit</c>, an authenticator enrolled as administrators must),
    /// signed in with a bearer token; its user name and key ride along for <see cref="AuditBrowserAsync"/>.
    /// </summary>
    public static async Task<HttpClient> AuditAdministratorAsync(this WuyiApp app)
    {
        var (userName, key) = await Accounts.AccountTesting.AdministratorAsync(app, AuditSetup.AuditAdminValue);
        var client = app.CreateClient();
        var token = await Accounts.AccountTesting.TokenAsync(client, userName, DemoAccounts.Password, Accounts.AccountTesting.Totp(app, key));
        await token.ShouldBe(HttpStatusCode.OK);
        var accessToken = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        client.DefaultRequestHeaders.Add("X-Auditor", userName);
        client.DefaultRequestHeaders.Add("X-Auditor-Key", key);
        return client;
    }

    /// <summary>The same administrator in a browser: the login form, then the authenticator's code.</summary>
    public static Task<Browserless> AuditBrowserAsync(this WuyiApp app, HttpClient admin) =>
        Accounts.AccountTesting.SignInWithCodeAsync(app, admin.DefaultRequestHeaders.GetValues("X-Auditor").Single(),
            admin.DefaultRequestHeaders.GetValues("X-Auditor-Key").Single());

    /// <summary>A new account with a role on a division node; returns its user name (for signing in through the form).</summary>
    public static async Task<string> AccountAsync(this WuyiApp app, ProgrammeRole role, string divisionCode)
    {
        var userName = $"a-{Guid.NewGuid():N}"[..16];
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        (await users.CreateAsync(new User { UserName = userName, DisplayName = $"审计测试{divisionCode}", Role = role, DivisionCode = divisionCode }, DemoAccounts.Password)).Succeeded.ShouldBeTrue();
        return userName;
    }

    /// <summary>Some records: failed sign-ins of unknown accounts, which change nothing.</summary>
    public static async Task SomeRecordsAsync(this WuyiApp app, int count)
    {
        var client = app.CreateClient();
        for (var i = 0; i < count; i++)
            (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = $"nobody-{i}", password = "x" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    public static Task<List<AuditRecord>> TrailAsync(this WuyiApp app) =>
        app.WithDbAsync(db => db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync());

    public static Task<AuditVerification> VerifyAsync(this WuyiApp app) => app.WithDbAsync(db => AuditTrail.VerifyAsync(db));

    /// <summary>Runs SQL straight against the database, as someone with database access would.</summary>
    public static Task SqlAsync(this WuyiApp app, string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>Gives every test request a client address (the test server leaves it empty).</summary>
    public static void GiveClientAddress(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddress()));

    private sealed class ClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress ??= IPAddress.Parse(http.Request.Headers["X-Test-Client-Ip"].FirstOrDefault() ?? ClientIp);
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>The app with a client address on every request, so that the trail's IP column can be checked.</summary>
public abstract class AuditApp(DatabaseProvider provider) : WuyiApp(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        AuditHelpers.GiveClientAddress(builder);
    }
}

public sealed class AuditSqliteApp() : AuditApp(DatabaseProvider.Sqlite);

public sealed class AuditPostgresApp() : AuditApp(DatabaseProvider.Postgres);
