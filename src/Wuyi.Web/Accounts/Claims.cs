using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Applications;

namespace Wuyi.Web.Accounts;

/// <summary>The claims that carry an account's programme role and division node.</summary>
public static class WuyiClaims
{
    public const string Division = "wuyi:division";
    public const string DisplayName = "wuyi:name";

    /// <summary>The signed-in official or community as a domain actor, or null for anyone else.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var division = principal.FindFirstValue(Division);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (id is null || division is null || !Enum.TryParse<ProgrammeRole>(role, out var programmeRole))
            return null;
        return new Actor(id, principal.FindFirstValue(DisplayName) ?? principal.Identity?.Name ?? id, programmeRole, division);
    }

    public static Actor RequireActor(this ClaimsPrincipal principal) =>
        principal.ToActor() ?? throw new InvalidOperationException("no programme actor on an authorised request");
}

/// <summary>Adds role, division and display name to the sign-in principal.</summary>
public sealed class WuyiClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(WuyiClaims.Division, user.DivisionCode));
        identity.AddClaim(new Claim(WuyiClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
