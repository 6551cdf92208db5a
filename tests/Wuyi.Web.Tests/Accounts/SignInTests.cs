using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>Sign-in: no lockout by wrong passwords, hashes upgraded on sign-in, unknown, disabled and locked accounts answer alike.</summary>
public abstract class SignInTests(WuyiApp app)
{
    [Fact]
    public async Task UnknownDisabledLockedAndWrong_AllAnswerInvalidCredentials_UnlessThePasswordIsRight()
    {
        var (disabled, locked) = await DisabledAndLockedAsync(app);
        var plain = NewUserName("plain");
        await CreateAsync(app, plain);

        var details = new List<string?>();
        foreach (var name in new[] { NewUserName("nobody"), disabled, locked, plain })
        {
            var refused = await (await TokenAsync(app.CreateClient(), name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
            details.Add(refused.GetProperty("detail").GetString());
        }
        details.Distinct().Count().ShouldBe(1);

        // The real reason only for the right password: the hash was checked before the account's state.
        await (await TokenAsync(app.CreateClient(), disabled, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "account-disabled");
        await (await TokenAsync(app.CreateClient(), locked, DemoAccounts.Password)).Problem(HttpStatusCode.Unauthorized, "locked-out");
    }

    [Fact]
    public async Task WrongPasswords_NeverLockTheAccount()
    {
        var name = NewUserName("nolock");
        await CreateAsync(app, name);
        for (var i = 0; i < SignInThrottle.FreeFailures; i++)
            await (await TokenAsync(app.CreateClient(), name, "Wrong-password-1")).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var account = await LoadAsync(app, name);
        account.LockoutEnd.ShouldBeNull();
        account.AccessFailedCount.ShouldBe(0);
        app.Clock.Advance(SignInThrottle.FirstDelay); // this client waits (SignInThrottleTests), the account is not locked
        await (await TokenAsync(app.CreateClient(), name, DemoAccounts.Password)).ShouldBe(HttpStatusCode.OK);
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
