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
    public sealed record TokenRequest([property: Required] string UserName, [property: Required] string Password);

    public sealed record Me(string Id, string UserName, string DisplayName, ProgrammeRole Role, string RoleName,
        string DivisionCode, string? DivisionName);

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");

        // Sign-in for API clients: a bearer token (and refresh token) from user name and password.
        auth.MapPost("/token", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (TokenRequest request, SignInManager<User> signIn, HttpContext http) =>
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(request.UserName ?? "", request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
            await http.AuditSignInAsync(signIn.UserManager, request.UserName ?? "", result);
            if (result.Succeeded) return TypedResults.Empty; // the bearer handler has written the token
            var detail = result.IsLockedOut ? "账号因多次登录失败已被暂时锁定，请稍后再试" : "用户名或密码错误";
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "登录失败");
        })
        .AllowAnonymous()
        .Produces<AccessTokenResponse>()
        .WithSummary("Sign in and get a bearer token");

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ChallengeHttpResult>> (RefreshRequest request,
            Microsoft.Extensions.Options.IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time, SignInManager<User> signIn) =>
        {
            var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
            if (ticket?.Properties?.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
                return TypedResults.Challenge();
            var principal = await signIn.CreateUserPrincipalAsync(user);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        })
        .AllowAnonymous()
        .WithSummary("Exchange a refresh token for a new bearer token");

        api.MapGet("/me", async Task<Results<Ok<Me>, NotFound>> (HttpContext http, UserManager<User> users, WuyiDbContext db) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return TypedResults.NotFound();
            var division = await db.Divisions.AsNoTracking().Where(d => d.Code == user.DivisionCode).Select(d => d.Name).FirstOrDefaultAsync();
            return TypedResults.Ok(new Me(user.Id, user.UserName ?? "", user.DisplayName, user.Role, Actor.RoleName(user.Role), user.DivisionCode, division));
        })
        .WithTags("Accounts")
        .WithSummary("The signed-in account, its role and its division node");

        return api;
    }
}
