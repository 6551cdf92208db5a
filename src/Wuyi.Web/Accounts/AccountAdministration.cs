using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// What the security administrator does to accounts. Each change that takes rights away (reset, disable,
/// role change) renews the security stamp, so that every session and token of the account ends within a minute.
/// </summary>
public sealed class AccountAdministration(UserManager<User> users, WuyiDbContext db, TimeProvider time)
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

    /// <summary>Whether <paramref name="newPassword"/> passes the password policy for this account; changes nothing.</summary>
    public async Task<IdentityResult> CheckPasswordAsync(User user, string newPassword)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, newPassword) is { Succeeded: false } result) errors.AddRange(result.Errors);
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

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

    /// <summary>
    /// Moves an official to another role or division node (调整角色或区划), checked: the node exists and is of the role's
    /// level (error code <c>divisionCode</c>). Its sessions end within a minute, so the new scope applies at once.
    /// </summary>
    public async Task<IdentityResult> ChangeRoleCheckedAsync(User user, ProgrammeRole role, string? divisionCode, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(role))
            return IdentityResult.Failed(new IdentityError { Code = "role", Description = "角色无法识别" });
        var code = divisionCode?.Trim() ?? "";
        var division = code.Length == 0 ? null : await db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct);
        if (division is null || division.Level != Actor.LevelFor(role))
            return IdentityResult.Failed(new IdentityError
            {
                Code = "divisionCode",
                Description = division is null ? $"区划代码“{TextLimits.Fit(code, 20)}”不存在" : $"区划代码须为{Actor.RoleName(role)}一级的区划节点（“{division.Name}”不是）",
            });
        return await ChangeRoleAsync(user, role, division.Code);
    }

    /// <summary>What disabling these accounts at once would do (批量停用), with the same refusals; changes nothing.</summary>
    public async Task<(IdentityResult Result, StepConsequences? Will)> PreviewDisableManyAsync(IReadOnlyCollection<string> userNames, CancellationToken ct = default)
    {
        var (result, found) = await FindToDisableAsync(userNames, ct);
        var will = result.Succeeded ? await DescribeDisableManyAsync(found, ct) : null;
        db.ChangeTracker.Clear();
        return (result, will);
    }

    /// <summary>
    /// Disables many officials at once (批量停用), all or nothing, in one save: an unknown user name or an administrator
    /// among them refuses the whole list (error code = the name). Accounts already disabled stay as they were.
    /// Returns how many were disabled now; <paramref name="done"/> is told what was done, in the preview's words.
    /// </summary>
    public async Task<(IdentityResult Result, int Disabled)> DisableManyAsync(IReadOnlyCollection<string> userNames, CancellationToken ct = default,
        Action<StepConsequences>? done = null)
    {
        var (result, found) = await FindToDisableAsync(userNames, ct);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return (result, 0);
        }
        var will = done is null ? null : await DescribeDisableManyAsync(found, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var disabled = 0;
        foreach (var user in found.Where(u => u.DisabledAtUtc is null))
        {
            user.DisabledAtUtc = now;
            user.SecurityStamp = Guid.NewGuid().ToString(); // every session and token ends within a minute
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            disabled++;
        }
        await db.SaveChangesAsync(ct); // one transaction (WuyiDbContext), its audit record sealed in it
        if (will is not null) done!(will);
        return (IdentityResult.Success, disabled);
    }

    /// <summary>The accounts named, tracked; refused when one is unknown or an administrator.</summary>
    private async Task<(IdentityResult Result, List<User> Found)> FindToDisableAsync(IReadOnlyCollection<string> userNames, CancellationToken ct)
    {
        var wanted = userNames.Select(n => n?.Trim()).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(n => users.NormalizeName(n)!, n => n!, StringComparer.Ordinal);
        if (wanted.Count == 0)
            return (IdentityResult.Failed(new IdentityError { Code = "userNames", Description = "请至少选择一个账号" }), []);
        var keys = wanted.Keys.ToList();
        var found = await db.Users.Where(u => keys.Contains(u.NormalizedUserName!)).ToListAsync(ct);
        var ids = found.Select(u => u.Id).ToList();
        var administrators = (await db.UserClaims.AsNoTracking().Where(c => c.ClaimType == WuyiClaims.Administrator && ids.Contains(c.UserId))
            .Select(c => c.UserId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var errors = wanted.Where(w => !found.Any(u => u.NormalizedUserName == w.Key))
            .Select(w => new IdentityError { Code = w.Value, Description = $"账号“{TextLimits.Fit(w.Value, 40)}”不存在" })
            .Concat(found.Where(u => administrators.Contains(u.Id))
                .Select(u => new IdentityError { Code = u.UserName!, Description = $"“{u.UserName}”是管理员账号，不在此停用" }))
            .ToArray();
        return errors.Length > 0 ? (IdentityResult.Failed(errors), []) : (IdentityResult.Success, found);
    }

    /// <summary>The batch in the domain's words: the accounts still enabled, by node and name, each with its node's name.</summary>
    private async Task<StepConsequences> DescribeDisableManyAsync(IReadOnlyCollection<User> found, CancellationToken ct)
    {
        var enabled = found.Where(u => u.DisabledAtUtc is null).OrderBy(u => u.DivisionCode, StringComparer.Ordinal)
            .ThenBy(u => u.UserName, StringComparer.Ordinal).ToList();
        var codes = enabled.Take(AccountChanges.NamedInBatch).Select(u => u.DivisionCode).Distinct().ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        return AccountChanges.DisableMany(
            enabled.Select(u => new AccountChanges.Account(u.DisplayName, u.UserName ?? "", names.GetValueOrDefault(u.DivisionCode, u.DivisionCode))).ToList(),
            found.Count - enabled.Count);
    }
}
