using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>Sign-in: lockout, hashes upgraded on sign-in, unknown and disabled accounts.</summary>
public abstract class SignInTests(WuyiApp app)
{
    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountFor30Minutes_EvenForTheRightPassword()
    {
        var name = NewUserName("lock");
        await CreateAsync(app, name);
        var client = app.CreateClient();
        for (var i = 0; i < 4; i++)
            await (await TokenAsync(client, name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        await (await TokenAsync(client, name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "locked-out"); // the fifth locks

        var locked = await (await TokenAsync(client, name, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "locked-out");
        locked.GetProperty("detail").GetString()!.ShouldContain("锁定");
        // Identity's lockout reads the system clock, not the app's TimeProvider: check the end it set, then move it.
        (await LoadAsync(app, name)).LockoutEnd!.Value.ShouldBe(DateTimeOffset.UtcNow.AddMinutes(30), TimeSpan.FromMinutes(1));
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = (await users.FindByNameAsync(name))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(1));
            await (await TokenAsync(client, name, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "locked-out");
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddSeconds(-1)); // the 30 minutes are over
        }
        await (await TokenAsync(client, name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnOldHash_IsUpgradedTo210000Iterations_AtTheNextSignIn()
    {
        var name = NewUserName("rehash");
        await CreateAsync(app, name);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = (await users.FindByNameAsync(name))!;
            user.PasswordHash = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 })).HashPassword(user, DemoAccounts.Password);
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }
        var before = (await LoadAsync(app, name)).PasswordHash!;
        Iterations(before).ShouldBe(10_000);

        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK);

        var after = (await LoadAsync(app, name)).PasswordHash!;
        after.ShouldNotBe(before);
        Iterations(after).ShouldBe(AccountsSetup.Pbkdf2Iterations);
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK); // and it still verifies
    }

    [Fact]
    public async Task NewHashes_Use210000Iterations()
    {
        var name = NewUserName("hash");
        await CreateAsync(app, name);
        Iterations((await LoadAsync(app, name)).PasswordHash!).ShouldBeGreaterThanOrEqualTo(210_000);
    }

    [Fact]
    public async Task UnknownUser_AndWrongPassword_AnswerAlike()
    {
        var unknown = await (await TokenAsync(app.CreateClient(), NewUserName("nobody"), "Whatever-2026!")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var wrong = await (await TokenAsync(app.CreateClient(), "street", "Whatever-2026!")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        unknown.GetProperty("detail").GetString().ShouldBe(wrong.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownUser_CostsAPasswordCheck()
    {
        // Timing is noisy on a shared machine, so compare orders of magnitude: a real PBKDF2 check at 210,000
        // iterations takes tens of milliseconds; an unknown name that skipped it would answer in well under one.
        var client = app.CreateClient();
        await TokenAsync(client, NewUserName("warm"), "Whatever-2026!"); // the dummy hash is made once
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await TokenAsync(client, NewUserName("nobody"), "Whatever-2026!");
        watch.Stop();
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public async Task DisabledAccount_CannotSignIn_UntilEnabled()
    {
        var name = NewUserName("disabled");
        await CreateAsync(app, name);
        await AdministerAsync(app, name, (a, u) => a.DisableAsync(u));
        var body = await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "account-disabled");
        body.GetProperty("detail").GetString()!.ShouldContain("停用");
        var (_, page) = await Browserless.Anonymous(app).SubmitAsync("/account/login", "form", new() { ["UserName"] = name, ["Password"] = DemoAccounts.Password });
        page.QuerySelector(".alert-danger")!.TextContent.ShouldContain("停用");

        await AdministerAsync(app, name, (a, u) => a.EnableAsync(u));
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK);
    }

    private static int Iterations(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        bytes[0].ShouldBe((byte)0x01); // Identity v3 format: marker, PRF, iterations, salt length (big-endian)
        return (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
    }
}

public sealed class SignInTests_Sqlite(SqliteApp app) : SignInTests(app), IClassFixture<SqliteApp>;

public sealed class SignInTests_Postgres(PostgresApp app) : SignInTests(app), IClassFixture<PostgresApp>;
