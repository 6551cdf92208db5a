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
}
