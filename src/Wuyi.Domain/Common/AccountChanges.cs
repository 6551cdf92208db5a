namespace Wuyi.Domain.Common;

/// <summary>
/// What the security administrator's changes to an official's account will do (issue 11), in the words shown before
/// they are confirmed and after they are made. The account is named by its unit (单位名称) and its user name.
/// </summary>
public static class AccountChanges
{
    /// <summary>停用: the account can no longer sign in; its sessions end within a minute (a new security stamp).</summary>
    public static StepConsequences Disable(string displayName, string userName)
    {
        var account = Named(displayName, userName);
        return new($"将停用 {account} 的账号，该账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用",
            $"已停用 {account} 的账号：该账号已无法登录，已登录的会话在 1 分钟内失效");
    }

    /// <summary>One of the accounts of a batch: its unit name, user name and the name of its division node (海淀区).</summary>
    public sealed record Account(string DisplayName, string UserName, string Division);

    /// <summary>How many accounts a batch's confirmation names; the rest are counted.</summary>
    public const int NamedInBatch = 5;

    /// <summary>
    /// 批量停用: the accounts not yet disabled can no longer sign in, their sessions end within a minute; accounts already
    /// disabled among those ticked stay as they are (<paramref name="alreadyDisabled"/>).
    /// </summary>
    public static StepConsequences DisableMany(IReadOnlyList<Account> accounts, int alreadyDisabled)
    {
        if (accounts.Count == 0)
            return new($"所选的 {alreadyDisabled} 个账号均已是停用状态，不会有任何变更", $"所选的 {alreadyDisabled} 个账号均已是停用状态，未作变更");
        var unchanged = alreadyDisabled > 0 ? $"（另有 {alreadyDisabled} 个所选账号已是停用状态，保持不变）" : "";
        var count = accounts.Count;
        var names = string.Join("、", accounts.Take(NamedInBatch).Select(a => Named(a.DisplayName, a.UserName, a.Division)))
            + (count > NamedInBatch ? $" 等 {count} 个" : "");
        return new($"将停用 {count} 个账号：{names}，这些账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用{unchanged}",
            $"已停用 {count} 个账号：{names}，这些账号已无法登录，已登录的会话在 1 分钟内失效{unchanged}");
    }

    /// <summary>启用: the account signs in again with its current password; its sessions ended when it was disabled.</summary>
    /// <param name="mustChangePassword">The password is an initial one (or was reset): it must be changed at the first sign-in.</param>
    /// <param name="lockedOut">The account is locked out after failed sign-ins: enabling does not lift it, a password reset does.</param>
    public static StepConsequences Enable(string displayName, string userName, bool mustChangePassword, bool lockedOut)
    {
        var account = Named(displayName, userName);
        var change = mustChangePassword ? "，登录后须先修改初始密码" : "";
        var locked = lockedOut ? "（该账号仍处于登录锁定中，锁定解除或重置密码后才能登录）" : "";
        return new($"将启用 {account} 的账号，该账号可以用原有密码重新登录{change}，按其角色和区划办理{locked}",
            $"已启用 {account} 的账号：该账号可以用原有密码重新登录{change}{locked}");
    }

    /// <summary>重置密码: a new initial password to be changed at the next sign-in; sessions end, a lockout is lifted.</summary>
    /// <param name="disabled">The account is disabled: the new password signs in only once it is enabled again.</param>
    /// <param name="lockedOut">The account is locked out after failed sign-ins: the reset lifts the lockout.</param>
    public static StepConsequences ResetPassword(string displayName, string userName, bool disabled, bool lockedOut)
    {
        var account = Named(displayName, userName);
        var unlock = lockedOut ? "，并解除登录锁定" : "";
        var still = disabled ? "（该账号仍为停用状态，启用后才能登录）" : "";
        return new($"将把 {account} 的密码重置为新的初始密码{unlock}，该账号已登录的会话在 1 分钟内失效，下次登录须先修改密码{still}",
            $"已重置 {account} 的密码{unlock}：已登录的会话在 1 分钟内失效，下次登录须先修改密码{still}");
    }

    private static string Named(string displayName, string userName) =>
        displayName.Length > 0 && displayName != userName ? $"{displayName}（{userName}）" : userName;

    /// <summary>万寿路街道办事处（wsl-street，万寿路街道）: a batch names each account with its node too.</summary>
    private static string Named(string displayName, string userName, string division)
    {
        var said = new[] { displayName.Length > 0 && displayName != userName ? userName : "", division }.Where(p => p.Length > 0).ToList();
        var name = displayName.Length > 0 ? displayName : userName;
        return said.Count > 0 ? $"{name}（{string.Join("，", said)}）" : name;
    }
}
