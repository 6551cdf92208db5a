using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Wuyi.Web.Accounts;

/// <summary>
/// Identity's sign-in with three additions: an unknown user name costs as much as a wrong password (so timing
/// does not tell which names exist), a disabled account cannot sign in, and every sign-in records when it
/// happened so that sessions end 12 hours later however active they are.
/// </summary>
public sealed class WuyiSignInManager(UserManager<User> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<User> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<User>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation, TimeProvider time)
    : SignInManager<User>(users, http, claims, options, logger, schemes, confirmation)
{
    public const string SignedInAt = "wuyi:signed-in-at";

    private static readonly User Dummy = new() { UserName = "-", DisplayName = "-", DivisionCode = "-" };

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = AccountsSetup.Pbkdf2Iterations }))
            .HashPassword(Dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(Dummy, DummyHash.Value, password); // same cost as a real check
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<bool> CanSignInAsync(User user) => user.DisabledAtUtc is null && await base.CanSignInAsync(user);

    public override Task SignInWithClaimsAsync(User user, AuthenticationProperties? properties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        properties ??= new AuthenticationProperties();
        // Kept by refreshes (a password change keeps the session), set by a new sign-in. The cookie keeps it in its
        // properties; a bearer token's refresh ticket keeps only claims, so it goes in a claim too.
        if (!properties.Items.TryGetValue(SignedInAt, out var at) || at is null)
            properties.Items[SignedInAt] = at = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return base.SignInWithClaimsAsync(user, properties, additionalClaims.Where(c => c.Type != SignedInAt).Append(new System.Security.Claims.Claim(SignedInAt, at)));
    }

    /// <summary>True when the sign-in time (unix seconds, as recorded) is older than the absolute session limit, or unknown.</summary>
    public static bool PastAbsoluteLimit(string? signedInAt, DateTimeOffset now) =>
        !long.TryParse(signedInAt, out var seconds) || now - DateTimeOffset.FromUnixTimeSeconds(seconds) > AccountOptions.AbsoluteTimeout;
}
