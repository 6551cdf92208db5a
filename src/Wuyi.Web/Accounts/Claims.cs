using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;

namespace Wuyi.Web.Accounts;

/// <summary>The claims that carry an account's programme role and division node.</summary>
public static class WuyiClaims
{
    public const string Division = "wuyi:division";
    public const string DisplayName = "wuyi:name";

    /// <summary>A user claim (AspNetUserClaims) naming an administrator: <c>system</c>, <c>security</c> or <c>audit</c>.</summary>
    public const string Administrator = "wuyi:admin";

    /// <summary>Present while the account must choose a new password (initial, reset or expired).</summary>
    public const string PasswordChangeRequired = "wuyi:password-change";

    /// <summary>Present while an administrator has no authenticator: two-factor sign-in is required for them.</summary>
    public const string TwoFactorEnrolmentRequired = "wuyi:two-factor-enrol";

    /// <summary>The signed-in official or community as a domain actor, or null for anyone else.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var division = principal.FindFirstValue(Division);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (id is null || division is null || principal.HasClaim(c => c.Type == Administrator) || !Enum.TryParse<ProgrammeRole>(role, out var programmeRole))
            return null;
        return new Actor(id, principal.FindFirstValue(DisplayName) ?? principal.Identity?.Name ?? id, programmeRole, division);
    }

    /// <summary>The programme actor; an account without a programme role (an administrator) is refused with 403.</summary>
    public static Actor RequireActor(this ClaimsPrincipal principal) =>
        principal.ToActor() ?? throw new DomainException(DomainErrorKind.Forbidden, "not-programme-account", "该账号不参与创建活动业务（管理员账号无业务角色）");
}

/// <summary>Adds role, division and display name to the sign-in principal (user claims such as wuyi:admin come from the base).</summary>
public sealed class WuyiClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options, IOptions<AccountOptions> accounts, TimeProvider time)
    : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        // An administrator holds no programme role, whatever the column says (三权分立).
        if (!identity.HasClaim(c => c.Type == WuyiClaims.Administrator))
            identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(WuyiClaims.Division, user.DivisionCode));
        identity.AddClaim(new Claim(WuyiClaims.DisplayName, user.DisplayName));
        if (accounts.Value.MustChangePassword(user, time.GetUtcNow()))
            identity.AddClaim(new Claim(WuyiClaims.PasswordChangeRequired, "true"));
        if (identity.HasClaim(c => c.Type == WuyiClaims.Administrator) && !user.TwoFactorEnabled)
            identity.AddClaim(new Claim(WuyiClaims.TwoFactorEnrolmentRequired, "true"));
        return identity;
    }
}
