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

    [Fact]
    public void DisableMany_CountsAndNamesTheAccounts_WithTheirNodes()
    {
        var said = AccountChanges.DisableMany(
            [new("张三", "zhangsan", "海淀区"), new("万寿路街道办事处", "wsl-street", "万寿路街道"), new("", "lisi", "朝阳区")], alreadyDisabled: 0);

        said.ShouldBe(new StepConsequences(
            "将停用 3 个账号：张三（zhangsan，海淀区）、万寿路街道办事处（wsl-street，万寿路街道）、lisi（朝阳区），这些账号将立即无法登录，已登录的会话在 1 分钟内失效；其办理记录保留，可随时重新启用",
            "已停用 3 个账号：张三（zhangsan，海淀区）、万寿路街道办事处（wsl-street，万寿路街道）、lisi（朝阳区），这些账号已无法登录，已登录的会话在 1 分钟内失效"));
    }

    [Fact]
    public void DisableMany_NamesTheFirstFive_CountsTheRest_AndSaysWhichStayAsTheyWere()
    {
        var accounts = Enumerable.Range(1, 7).Select(n => new AccountChanges.Account($"社区{n}", $"c{n}", "海淀区")).ToList();

        var said = AccountChanges.DisableMany(accounts, alreadyDisabled: 2);

        said.Before.ShouldStartWith("将停用 7 个账号：社区1（c1，海淀区）、社区2（c2，海淀区）、社区3（c3，海淀区）、社区4（c4，海淀区）、社区5（c5，海淀区） 等 7 个，");
        said.Before.ShouldNotContain("社区6");
        said.Before.ShouldEndWith("（另有 2 个所选账号已是停用状态，保持不变）");
        AccountChanges.DisableMany([], alreadyDisabled: 2).Before.ShouldBe("所选的 2 个账号均已是停用状态，不会有任何变更");
    }

    [Fact]
    public void Enable_SaysTheAccountSignsInAgain_AndWhatStillStandsInTheWay()
    {
        AccountChanges.Enable("张三", "zhangsan", mustChangePassword: false, lockedOut: false).ShouldBe(new StepConsequences(
            "将启用 张三（zhangsan） 的账号，该账号可以用原有密码重新登录，按其角色和区划办理",
            "已启用 张三（zhangsan） 的账号：该账号可以用原有密码重新登录"));

        var said = AccountChanges.Enable("张三", "zhangsan", mustChangePassword: true, lockedOut: true);
        said.Before.ShouldBe("将启用 张三（zhangsan） 的账号，该账号可以用原有密码重新登录，登录后须先修改初始密码，按其角色和区划办理（该账号仍处于登录锁定中，锁定解除或重置密码后才能登录）");
        said.After.ShouldBe("已启用 张三（zhangsan） 的账号：该账号可以用原有密码重新登录，登录后须先修改初始密码（该账号仍处于登录锁定中，锁定解除或重置密码后才能登录）");
    }
}
