using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// What the security administrator does to accounts. Each change that takes rights away (reset, disable,
/// role change) renews the security stamp, so that every session and token of the account ends within a minute.
/// </summary>
public sealed class AccountAdministration(UserManager<User> users, TimeProvider time)
{
    /// <summary>A new official with an initial password that must be changed at the first sign-in.</summary>
    public async Task<(IdentityResult Result, User User)> CreateOfficialAsync(string userName, string displayName, ProgrammeRole role, string divisionCode, string initialPassword)
    {
        var user = new User { UserName = userName, DisplayName = displayName, Role = role, DivisionCode = divisionCode, MustChangePassword = true };
        return (NamesTooLong(userName, displayName) ?? await users.CreateAsync(user, initialPassword), user);
    }

    /// <summary>A system, security or audit administrator: no programme role (三权分立), forced change as any new account.</summary>
    public async Task<(IdentityResult Result, User User)> CreateAdministratorAsync(string userName, string displayName, string kind, string initialPassword)
    {
        if (kind is not (AdministratorPolicies.System or AdministratorPolicies.Security or AdministratorPolicies.Audit))
            throw new ArgumentException($"管理员类型须为 system、security 或 audit，而不是 {kind}", nameof(kind));
        // Role is NOT NULL in the table; the claims factory ignores it for administrators (see User).
        var user = new User { UserName = userName, DisplayName = displayName, Role = ProgrammeRole.City, DivisionCode = "", MustChangePassword = true };
        var result = NamesTooLong(userName, displayName) ?? await users.CreateAsync(user, initialPassword);
        if (result.Succeeded) result = await users.AddClaimAsync(user, new Claim(WuyiClaims.Administrator, kind));
        return (result, user);
    }

    /// <summary>Names longer than their columns, refused in Chinese (error code = the field) before Identity writes them.</summary>
    private static IdentityResult? NamesTooLong(string userName, string displayName)
    {
        var errors = new[] { TextLimits.UserName, TextLimits.DisplayName }.Zip([userName, displayName])
            .Select(f => f.First.TooLong(f.Second) is { } message ? new IdentityError { Code = f.First.Key, Description = message } : null)
            .OfType<IdentityError>().ToArray();
        return errors.Length > 0 ? IdentityResult.Failed(errors) : null;
    }

    /// <summary>A random initial password that meets the policy (all four character classes, 20 characters).</summary>
    public static string GenerateInitialPassword() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('+', 'k').Replace('/', 'm') + "-Aa1";

    /// <summary>A new initial password, to be changed at the next sign-in; current sessions end.</summary>
    public async Task<IdentityResult> ResetPasswordAsync(User user, string newPassword)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword); // validates, new security stamp
        if (!result.Succeeded) return result;
        user.MustChangePassword = true;
        await users.SetLockoutEndDateAsync(user, null);
        return await users.UpdateAsync(user);
    }

    public async Task<IdentityResult> DisableAsync(User user)
    {
        user.DisabledAtUtc = time.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        return await users.UpdateSecurityStampAsync(user);
    }

    public async Task<IdentityResult> EnableAsync(User user)
    {
        user.DisabledAtUtc = null;
        await users.UpdateAsync(user);
        return await users.UpdateSecurityStampAsync(user);
    }

    public async Task<IdentityResult> ChangeRoleAsync(User user, ProgrammeRole role, string divisionCode)
    {
        user.Role = role;
        user.DivisionCode = divisionCode;
        await users.UpdateAsync(user);
        return await users.UpdateSecurityStampAsync(user);
    }
}
