using System.Security.Claims;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// Where a signed-in account lands: a programme account on its 待办 (/work); an administrator (三权分立), which has no
/// programme role and so no 待办, on its own page — never on a refusal.
/// </summary>
public static class Landing
{
    public const string Work = "/work";

    /// <summary>An administrator's own page: where it lands and what its menu calls it.</summary>
    public sealed record OwnPage(string Href, string Title);

    /// <summary>The administrator's own page for its <c>wuyi:admin</c> kind, or null for any other account.</summary>
    public static OwnPage? AdministratorPage(string? kind) => kind switch
    {
        AdministratorPolicies.Security => new("/account/admin", "账号管理"),
        AdministratorPolicies.Audit => new("/audit", "审计日志"),
        AdministratorPolicies.System => new("/system", "系统状态"),
        _ => null,
    };

    public static OwnPage? AdministratorPage(ClaimsPrincipal user) => AdministratorPage(user.FindFirstValue(WuyiClaims.Administrator));

    public static string For(ClaimsPrincipal user) => AdministratorPage(user)?.Href ?? Work;

    /// <summary>The page after sign-in: a local return address if one was asked for, else the account's landing page.</summary>
    public static string After(string? returnUrl, Func<string?, bool> isLocal, string? administratorKind) =>
        returnUrl is not null && isLocal(returnUrl) && !(administratorKind is not null && IsWork(returnUrl))
            ? returnUrl
            : AdministratorPage(administratorKind)?.Href ?? Work;

    /// <summary>Where <paramref name="user"/> goes once signed in (the claims come from the store: the cookie is not read back yet).</summary>
    public static async Task<string> AfterSignInAsync(Microsoft.AspNetCore.Identity.UserManager<User> users, User? user, string? returnUrl, Microsoft.AspNetCore.Mvc.IUrlHelper url)
    {
        var kind = user is null ? null : (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == WuyiClaims.Administrator)?.Value;
        return After(returnUrl, url.IsLocalUrl, kind);
    }

    private static bool IsWork(string url) => new PathString(url.Split('?', 2)[0]).Equals(Work, StringComparison.OrdinalIgnoreCase);
}
