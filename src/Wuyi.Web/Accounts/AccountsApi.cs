using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;

namespace Wuyi.Web.Accounts;

public static class AccountsApi
{
    public sealed record TokenRequest([property: Required] string UserName, [property: Required] string Password, string? TwoFactorCode = null);

    public sealed record PasswordChange([property: Required] string CurrentPassword, [property: Required] string NewPassword);

    /// <summary>Role is null for an administrator (Administrator says which: system, security or audit).</summary>
    public sealed record Me(string Id, string UserName, string DisplayName, ProgrammeRole? Role, string RoleName,
        string DivisionCode, string? DivisionName, string? Administrator, bool PasswordChangeRequired);

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");

        // Sign-in for API clients: a bearer token (and refresh token) from user name and password.
        auth.MapPost("/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (TokenRequest request, SignInManager<User> signIn, HttpContext http) =>
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(request.UserName ?? "", request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
            if (result.RequiresTwoFactor && !string.IsNullOrWhiteSpace(request.TwoFactorCode))
                result = await signIn.TwoFactorAuthenticatorSignInAsync(request.TwoFactorCode.Replace(" ", ""), isPersistent: false, rememberClient: false);
            await http.AuditSignInAsync(signIn.UserManager, request.UserName ?? "", result);
            if (result.Succeeded) return TypedResults.Empty; // the bearer handler has written the token
            var (code, detail) = SignInRefusal(result);
            if (result is SignInDelayed delayed) http.Response.Headers.RetryAfter = delayed.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(detail, statusCode: result is SignInDelayed ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized,
                title: "登录失败", extensions: new Dictionary<string, object?> { ["code"] = code });
        })
        .AllowAnonymous()
        .RequireRateLimiting(AccountsSetup.SignInRateLimit)
        .Produces<AccessTokenResponse>()
        .WithSummary("Sign in and get a bearer token");

        // Each refresh token works once: the family moves to its next generation. A used one coming back means a copy
        // exists, and the whole family (every token of that sign-in) ends — for the thief and the holder alike.
        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ChallengeHttpResult>> (RefreshRequest request, HttpContext http,
            Microsoft.Extensions.Options.IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time, SignInManager<User> signIn, WuyiDbContext db) =>
        {
            var now = time.GetUtcNow();
            var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
            if (ticket?.Properties?.ExpiresUtc is not { } expires || now >= expires
                || ticket.Principal.FindFirst(WuyiSignInManager.SignedInAt)?.Value is not { } signedInAt
                || WuyiSignInManager.PastAbsoluteLimit(signedInAt, now) // 12 h from the sign-in, however often refreshed
                || !Guid.TryParse(ticket.Principal.FindFirst(TokenFamilies.FamilyClaim)?.Value, out var family)
                || !int.TryParse(ticket.Principal.FindFirst(TokenFamilies.GenerationClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var generation))
                return TypedResults.Challenge();
            if (!await TokenFamilies.RotateAsync(db, family, generation, now))
            {
                if (http.Audit() is { } audit) audit.ProblemCode = "refresh-token-reused";
                return TypedResults.Challenge();
            }
            if (await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user || user.DisabledAtUtc is not null)
                return TypedResults.Challenge();
            var principal = await signIn.CreateUserPrincipalAsync(user);
            ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaims(
                TokenFamilies.Claims(family, generation + 1).Append(new System.Security.Claims.Claim(WuyiSignInManager.SignedInAt, signedInAt)));
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        })
        .AllowAnonymous()
        .WithSummary("Exchange a refresh token for a new bearer token");

        // Change one's own password (also the way out of a forced change). Every other session and token of the
        // account ends (the security stamp changes); an API client signs in again with the new password.
        auth.MapPost("/password", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (PasswordChange request, HttpContext http,
            UserManager<User> users, TimeProvider time) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return TypedResults.Problem("账号不存在", statusCode: StatusCodes.Status401Unauthorized, title: "需要登录");
            var result = await PasswordChanges.ChangeAsync(users, user, request.CurrentPassword ?? "", request.NewPassword ?? "", time);
            if (result.Succeeded) return TypedResults.NoContent();
            return TypedResults.ValidationProblem(
                result.Errors.GroupBy(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()),
                title: "密码未修改", extensions: new Dictionary<string, object?> { ["code"] = "password-rejected" });
        })
        .WithSummary("Change the signed-in account's password");

        // Sign out every session and token of the account (a new security stamp; cookies follow within a minute).
        auth.MapPost("/logout", async Task<NoContent> (HttpContext http, UserManager<User> users) =>
        {
            if (await users.GetUserAsync(http.User) is { } user) await users.UpdateSecurityStampAsync(user);
            return TypedResults.NoContent();
        })
        .WithSummary("Sign out everywhere: every token and session of the account ends");

        api.MapGet("/me", async Task<Results<Ok<Me>, NotFound>> (HttpContext http, UserManager<User> users, WuyiDbContext db) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return TypedResults.NotFound();
            var division = await db.Divisions.AsNoTracking().Where(d => d.Code == user.DivisionCode).Select(d => d.Name).FirstOrDefaultAsync();
            var admin = http.User.FindFirst(WuyiClaims.Administrator)?.Value;
            ProgrammeRole? role = admin is null ? user.Role : null;
            return TypedResults.Ok(new Me(user.Id, user.UserName ?? "", user.DisplayName, role, role is { } r ? Actor.RoleName(r) : AdministratorName(admin),
                user.DivisionCode, division, admin, http.User.HasClaim(c => c.Type == WuyiClaims.PasswordChangeRequired)));
        })
        .WithTags("Accounts")
        .WithSummary("The signed-in account, its role and its division node");

        return api;
    }

    public static string AdministratorName(string? admin) => admin switch
    {
        "system" => "系统管理员",
        "security" => "安全管理员",
        "audit" => "审计管理员",
        _ => "无业务角色",
    };

    /// <summary>
    /// Why a sign-in failed, in words that do not tell whether the user name exists: locked and disabled come only
    /// after the right password (WuyiSignInManager), and the delay is counted for unknown names alike.
    /// </summary>
    public static (string Code, string Detail) SignInRefusal(Microsoft.AspNetCore.Identity.SignInResult result) => result switch
    {
        SignInDelayed d => ("sign-in-delayed", $"该用户名从您所在网络登录失败次数过多，请 {d.Seconds} 秒后再试"),
        { IsLockedOut: true } => ("locked-out", "账号因多次输入错误的动态验证码已被暂时锁定，请 30 分钟后再试"),
        { IsNotAllowed: true } => ("account-disabled", "账号已停用，请联系安全管理员"),
        { RequiresTwoFactor: true } => ("two-factor-required", "请输入身份验证器中的 6 位动态验证码"),
        _ => ("invalid-credentials", "用户名或密码错误"),
    };
}

/// <summary>The one way a holder changes their own password: checked, must differ, starts a new age, clears the forced flag.</summary>
public static class PasswordChanges
{
    public static async Task<IdentityResult> ChangeAsync(UserManager<User> users, User user, string current, string next, TimeProvider time)
    {
        if (current == next && await users.CheckPasswordAsync(user, current))
            return IdentityResult.Failed(new IdentityError { Code = "PasswordUnchanged", Description = "新密码不能与当前密码相同" });
        var result = await users.ChangePasswordAsync(user, current, next); // validates, rehashes, new security stamp
        if (!result.Succeeded) return result;
        user.MustChangePassword = false;
        user.PasswordChangedAtUtc = time.GetUtcNow().UtcDateTime;
        return await users.UpdateAsync(user);
    }
}
