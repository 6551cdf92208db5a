using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>Accounts made for one test, and the raw sign-in calls the account tests look at.</summary>
public static class AccountTesting
{
    private static int _next;

    public static string NewUserName(string kind) => $"acc{Interlocked.Increment(ref _next)}-{kind}-{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<User> CreateAsync(WuyiApp app, string userName, ProgrammeRole role = ProgrammeRole.District, string division = "110108",
        string password = DemoAccounts.Password, Action<User>? shape = null)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = userName, DisplayName = "测试账号", Role = role, DivisionCode = division };
        shape?.Invoke(user);
        var result = await users.CreateAsync(user, password);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>Runs <paramref name="work"/> with the administration service and the account, freshly loaded.</summary>
    public static async Task AdministerAsync(WuyiApp app, string userName, Func<AccountAdministration, User, Task<IdentityResult>> work)
    {
        using var scope = app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(userName);
        var result = await work(scope.ServiceProvider.GetRequiredService<AccountAdministration>(), user!);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>A disabled account and one locked for 30 minutes (as five wrong authenticator codes leave it): their names.</summary>
    public static async Task<(string Disabled, string Locked)> DisabledAndLockedAsync(WuyiApp app)
    {
        var disabled = NewUserName("disabled");
        await CreateAsync(app, disabled);
        await AdministerAsync(app, disabled, (a, u) => a.DisableAsync(u));
        var locked = NewUserName("locked");
        await CreateAsync(app, locked, shape: u => u.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(30));
        return (disabled, locked);
    }

    public static async Task<User> LoadAsync(WuyiApp app, string userName)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(userName))!;
    }

    public static Task<HttpResponseMessage> TokenAsync(HttpClient client, string userName, string password, string? twoFactorCode = null) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password, twoFactorCode });

    /// <summary>A client carrying a bearer token of the account (no cookies).</summary>
    public static async Task<HttpClient> BearerAsync(WuyiApp app, string userName, string password = DemoAccounts.Password)
    {
        var client = app.CreateClient();
        var response = await TokenAsync(client, userName, password);
        await response.ShouldBe(System.Net.HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStep = new();

    /// <summary>
    /// What an authenticator app shows now (RFC 6238) by the app's clock. The app takes each code once, so when this key's
    /// code of the current 30-second step was handed out already, the clock moves on to the next step first.
    /// </summary>
    public static string Totp(WuyiApp app, string base32Key)
    {
        long step;
        while (true)
        {
            step = app.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
            var last = LastStep.GetOrAdd(base32Key, long.MinValue);
            if (step <= last) { app.Clock.Advance(TimeSpan.FromSeconds(30)); continue; }
            if (LastStep.TryUpdate(base32Key, step, last)) break;
        }
        return TotpAt(base32Key, step);
    }

    /// <summary>The code of one 30-second step, whoever used it before.</summary>
    public static string TotpAt(string base32Key, long step) =>
        AuthenticatorCodes.Code(AuthenticatorCodes.FromBase32(base32Key), step).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An administrator (wuyi:admin = kind) with an authenticator enrolled, as administrators must; returns its name and key.</summary>
    public static async Task<(string Name, string Key)> AdministratorAsync(WuyiApp app, string kind)
    {
        var name = NewUserName(kind);
        await CreateAsync(app, name);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = (await users.FindByNameAsync(name))!;
        (await users.AddClaimAsync(user, new System.Security.Claims.Claim(WuyiClaims.Administrator, kind))).Succeeded.ShouldBeTrue();
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (name, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    /// <summary>Signs in through the login form and the code step, as a browser would.</summary>
    public static async Task<Browserless> SignInWithCodeAsync(WuyiApp app, string userName, string key, string password = DemoAccounts.Password)
    {
        var browser = Browserless.Anonymous(app);
        var (status, _) = await browser.SubmitAsync("/account/login", "form", new() { ["UserName"] = userName, ["Password"] = password });
        status.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await browser.SubmitAsync("/account/login/two-factor", "form#two-factor", new() { ["Code"] = Totp(app, key) })).Status.ShouldBe(System.Net.HttpStatusCode.Redirect);
        return browser;
    }
}
