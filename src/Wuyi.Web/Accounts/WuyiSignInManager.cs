using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Wuyi.Web.Accounts;

/// <summary>
/// Identity's sign-in with these additions: the password is checked first, whatever the account's state, so that an
/// unknown name, a disabled or a locked account and a wrong password answer alike and cost alike (the real reason is told
/// only to whom gave the right password); a wrong password never locks the account — <see cref="SignInThrottle"/> slows
/// the guessing client instead (only wrong authenticator codes, which need the password, lock); a disabled account cannot
/// sign in; and every sign-in records when it happened so that sessions end 12 hours later however active they are.
/// </summary>
public sealed class WuyiSignInManager(UserManager<User> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<User> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<User>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation, TimeProvider time, SignInThrottle throttle, Wuyi.Web.Data.WuyiDbContext db)
    : SignInManager<User>(users, http, claims, options, logger, schemes, confirmation)
{
    public const string SignedInAt = "wuyi:signed-in-at";

    private static readonly User Dummy = new() { UserName = "-", DisplayName = "-", DivisionCode = "-" };

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = AccountsSetup.Pbkdf2Iterations }))
            .HashPassword(Dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var client = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.WaitFor(userName, client) is { } wait) return new SignInDelayed(wait); // no password check while waiting
        var user = await UserManager.FindByNameAsync(userName);
        SignInResult result;
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(Dummy, DummyHash.Value, password); // same cost as a real check
            result = SignInResult.Failed;
        }
        else
            result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        // Anything but a plain failure means the password was right (two-factor still to come, disabled or locked).
        if (result.Succeeded || result.RequiresTwoFactor || result.IsLockedOut || result.IsNotAllowed) throttle.Succeeded(userName, client);
        else throttle.Failed(userName, client);
        return result;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(User user, string password, bool lockoutOnFailure)
    {
        if (!await UserManager.CheckPasswordAsync(user, password)) return SignInResult.Failed; // rehashes old hashes on success
        if (await PreSignInCheck(user) is { } refused) return refused; // disabled or locked, told to whom knows the password
        // As Identity does: the code failures of an account with an authenticator are cleared by a right code, not a password.
        if (!await IsTwoFactorEnabledAsync(user)) await UserManager.ResetAccessFailedCountAsync(user);
        return SignInResult.Success;
    }

    public override async Task<bool> CanSignInAsync(User user) => user.DisabledAtUtc is null && await base.CanSignInAsync(user);

    public override async Task SignInWithClaimsAsync(User user, AuthenticationProperties? properties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        properties ??= new AuthenticationProperties();
        // Kept by refreshes (a password change keeps the session), set by a new sign-in. The cookie keeps it in its
        // properties; a bearer token's refresh ticket keeps only claims, so it goes in a claim too.
        if (!properties.Items.TryGetValue(SignedInAt, out var at) || at is null)
            properties.Items[SignedInAt] = at = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var claims = additionalClaims.Where(c => c.Type is not (SignedInAt or TokenFamilies.FamilyClaim or TokenFamilies.GenerationClaim))
            .Append(new System.Security.Claims.Claim(SignedInAt, at));
        // An API sign-in starts a family of refresh tokens (rotated by /auth/refresh).
        if (AuthenticationScheme == IdentityConstants.BearerScheme)
            claims = claims.Concat(TokenFamilies.Claims((await TokenFamilies.StartAsync(db, user.Id, time.GetUtcNow())).Id, 1));
        await base.SignInWithClaimsAsync(user, properties, claims);
    }

    /// <summary>True when the sign-in time (unix seconds, as recorded) is older than the absolute session limit, or unknown.</summary>
    public static bool PastAbsoluteLimit(string? signedInAt, DateTimeOffset now) =>
        !long.TryParse(signedInAt, out var seconds) || now - DateTimeOffset.FromUnixTimeSeconds(seconds) > AccountOptions.AbsoluteTimeout;
}
