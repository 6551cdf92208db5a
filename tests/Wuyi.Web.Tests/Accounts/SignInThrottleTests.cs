using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>The app with each request's client address from X-Test-Client-Ip, and every password check counted.</summary>
public abstract class SignInApp(DatabaseProvider provider) : WuyiApp(provider)
{
    public HashChecks Checks { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        AuditHelpers.GiveClientAddress(builder);
        builder.ConfigureServices(s =>
        {
            s.AddSingleton(Checks);
            s.RemoveAll<IPasswordHasher<User>>();
            s.AddScoped<IPasswordHasher<User>, CountingHasher>();
        });
    }

    public sealed class HashChecks
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Identity's hasher, counting its checks.</summary>
    private sealed class CountingHasher(IOptions<PasswordHasherOptions> options, HashChecks checks) : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new(options);

        public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            checks.Add();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SignInSqliteApp() : SignInApp(DatabaseProvider.Sqlite);

public sealed class SignInPostgresApp() : SignInApp(DatabaseProvider.Postgres);

/// <summary>
/// Guessing slows down per user name and client (growing delays), never locks the account, and tells nothing about
/// which names exist; every refusal costs one real password check.
/// </summary>
public abstract class SignInThrottleTests(SignInApp app)
{
    private Task<HttpResponseMessage> TokenFrom(string client, string userName, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add("X-Test-Client-Ip", client);
        return app.CreateClient().SendAsync(request);
    }

    private async Task FailFreelyAsync(string client, string userName)
    {
        for (var i = 0; i < SignInThrottle.FreeFailures; i++)
            await (await TokenFrom(client, userName, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    private static async Task<int> DelayedAsync(HttpResponseMessage response)
    {
        var body = await response.Problem(HttpStatusCode.TooManyRequests, "sign-in-delayed");
        body.GetProperty("detail").GetString()!.ShouldContain("秒后再试");
        return int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task AfterFiveFailures_TheClientWaits_15sThenTwiceAsLong_EvenWithTheRightPassword()
    {
        app.Clock.Set(DateTimeOffset.UtcNow);
        var name = NewUserName("slow");
        await CreateAsync(app, name);
        await FailFreelyAsync("198.51.100.1", name);
        var checks = app.Checks.Count;
        (await DelayedAsync(await TokenFrom("198.51.100.1", name, DemoAccounts.Password))).ShouldBe(15);
        app.Checks.Count.ShouldBe(checks); // refused unchecked: waiting is not guessing

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        await (await TokenFrom("198.51.100.1", name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await DelayedAsync(await TokenFrom("198.51.100.1", name, DemoAccounts.Password))).ShouldBe(30);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await (await TokenFrom("198.51.100.1", name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK);
        await (await TokenFrom("198.51.100.1", name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials"); // the count starts again
    }

    [Fact]
    public async Task AnOutsidersGuesses_DoNotKeepTheOfficialOut_NorLockTheAccount()
    {
        app.Clock.Set(DateTimeOffset.UtcNow);
        var name = NewUserName("official");
        await CreateAsync(app, name);
        await FailFreelyAsync("203.0.113.66", name);
        for (var i = 0; i < 5; i++)
            await DelayedAsync(await TokenFrom("203.0.113.66", name, "Wrong-password-1"));

        await (await TokenFrom("198.51.100.2", name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK); // the office
        (await LoadAsync(app, name)).LockoutEnd.ShouldBeNull();
    }

    [Fact]
    public async Task AnUnknownName_IsDelayedAlike()
    {
        app.Clock.Set(DateTimeOffset.UtcNow);
        var nobody = NewUserName("nobody");
        await FailFreelyAsync("198.51.100.3", nobody);
        (await DelayedAsync(await TokenFrom("198.51.100.3", nobody, "Wrong-password-1"))).ShouldBe(15);
    }

    [Fact]
    public async Task AQuietHour_ForgetsTheFailures()
    {
        app.Clock.Set(DateTimeOffset.UtcNow);
        var name = NewUserName("quiet");
        await CreateAsync(app, name);
        await FailFreelyAsync("198.51.100.4", name);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await FailFreelyAsync("198.51.100.4", name); // five free failures again, not 15 s, then 30 s…
        (await DelayedAsync(await TokenFrom("198.51.100.4", name, "Wrong-password-1"))).ShouldBe(15);
    }

    [Fact]
    public async Task EveryRefusal_CostsOnePasswordCheck_UnknownDisabledLockedOrWrong()
    {
        var (disabled, locked) = await DisabledAndLockedAsync(app);
        foreach (var name in new[] { NewUserName("nobody"), disabled, locked, "street" })
        {
            var before = app.Checks.Count;
            await (await TokenFrom("198.51.100.5", name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
            app.Checks.Count.ShouldBe(before + 1, name);
        }
    }
}

public sealed class SignInThrottleTests_Sqlite(SignInSqliteApp app) : SignInThrottleTests(app), IClassFixture<SignInSqliteApp>;

public sealed class SignInThrottleTests_Postgres(SignInPostgresApp app) : SignInThrottleTests(app), IClassFixture<SignInPostgresApp>;
