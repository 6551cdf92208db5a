using Wuyi.Domain.Common;

namespace Wuyi.Domain.Tests;

/// <summary>What the security administrator's changes to an account will do, before and after (issue 11).</summary>
public sealed class AccountChangesTests
{
    [Fact]
    public void Disable_SaysTheAccountCanNoLongerSignIn()
    {
        AccountChanges.Disable("张三", "zhangsan").ShouldBe(new StepConsequences(
            "将停用 张三（zhangsan） 的账号，该账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用",
            "已停用 张三（zhangsan） 的账号：该账号已无法登录，已登录的会话在 1 分钟内失效"));
    }

    [Fact]
    public void ResetPassword_SaysTheNextSignInMustChangeIt()
    {
        AccountChanges.ResetPassword("万寿路街道办事处", "wsl-street", disabled: false, lockedOut: false).ShouldBe(new StepConsequences(
            "将把 万寿路街道办事处（wsl-street） 的密码重置为新的初始密码，该账号已登录的会话在 1 分钟内失效，下次登录须先修改密码",
            "已重置 万寿路街道办事处（wsl-street） 的密码：已登录的会话在 1 分钟内失效，下次登录须先修改密码"));
    }

    [Fact]
    public void ResetPassword_OfALockedDisabledAccount_SaysTheLockIsLifted_ButItStaysDisabled()
    {
        var said = AccountChanges.ResetPassword("张三", "zhangsan", disabled: true, lockedOut: true);

        said.Before.ShouldBe("将把 张三（zhangsan） 的密码重置为新的初始密码，并解除登录锁定，该账号已登录的会话在 1 分钟内失效，下次登录须先修改密码（该账号仍为停用状态，启用后才能登录）");
        said.After.ShouldStartWith("已重置 张三（zhangsan） 的密码，并解除登录锁定：");
    }

    [Fact]
    public void AnAccountWithoutAUnitName_IsNamedByItsUserName()
    {
        AccountChanges.Disable("", "zhangsan").Before.ShouldStartWith("将停用 zhangsan 的账号，");
    }
}
