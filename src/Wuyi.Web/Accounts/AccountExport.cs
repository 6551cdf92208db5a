using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>An official's account as the list shows it and the export writes it (never a password or its hash).</summary>
public sealed record AccountRow(string Id, string UserName, string DisplayName, ProgrammeRole Role, string DivisionCode, string? DivisionName,
    bool MustChangePassword, bool Disabled, DateTime? PasswordChangedAtUtc, bool TwoFactor);

/// <summary>The officials' accounts (the security administrator's list), narrowed as the page narrows it, for the page, its export and the API.</summary>
public static class AccountExport
{
    public static readonly TableExport<AccountRow> Table = new TableExport<AccountRow>("账号", "账号")
        .Text("用户名", a => a.UserName, 24)
        .Text("名称", a => a.DisplayName, 24)
        .Text("角色", a => Actor.RoleName(a.Role), 16)
        .Text("区划代码", a => a.DivisionCode, 15)
        .Text("单位", a => a.DivisionName, 20)
        .Text("状态", a => a.Disabled ? "已停用" : "正常", 8)
        .Text("须修改密码", a => a.MustChangePassword ? "是" : "否", 10)
        .Text("两步验证", a => a.TwoFactor ? "已启用" : "未启用", 10)
        .Time("密码修改时间", a => a.PasswordChangedAtUtc);

    /// <summary>Officials (no administrator), by division code then user name; <paramref name="q"/>: a division code (its subtree) or part of a user name.</summary>
    public static IQueryable<AccountRow> Matching(WuyiDbContext db, UserManager<User> users, string? q)
    {
        var administrators = db.UserClaims.Where(c => c.ClaimType == WuyiClaims.Administrator).Select(c => c.UserId);
        var accounts = db.Users.AsNoTracking().Where(u => !administrators.Contains(u.Id));
        if (TextLimits.Clean(q) is { } text)
            accounts = text.All(char.IsAsciiDigit)
                ? accounts.Under(u => u.DivisionCode, text)
                : accounts.Where(u => u.NormalizedUserName!.Contains(users.NormalizeName(text)!));
        return from u in accounts
               join d in db.Divisions on u.DivisionCode equals d.Code into places
               from d in places.DefaultIfEmpty()
               orderby u.DivisionCode, u.UserName
               select new AccountRow(u.Id, u.UserName ?? "", u.DisplayName, u.Role, u.DivisionCode, d == null ? null : d.Name, u.MustChangePassword,
                   u.DisabledAtUtc != null, u.PasswordChangedAtUtc, u.TwoFactorEnabled);
    }

    public static ExportDownload<AccountRow> Download(WuyiDbContext db, UserManager<User> users, ExportFormat format, string? q) =>
        Table.Download(format, "账号" + (TextLimits.Clean(q) is { } text ? "-" + text : ""), () => Matching(db, users, q).AsAsyncEnumerable());
}
