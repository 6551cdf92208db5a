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
}
