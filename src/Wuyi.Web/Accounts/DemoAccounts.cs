using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Data;

namespace Wuyi.Web.Accounts;

/// <summary>
/// Demo accounts, seeded only when <c>Wuyi:SeedDemoAccounts</c> is on (the README's run command):
/// a community in 海淀区, its street, 海淀区, another district (朝阳区) and the city.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "Wuyi@2022demo";

    public sealed record Demo(string UserName, string DisplayName, ProgrammeRole Role, string DivisionCode);

    public static readonly IReadOnlyList<Demo> All =
    [
        new("community", "翠微路社区居委会（海淀区万寿路街道）", ProgrammeRole.Community, "110108001001"),
        new("street", "万寿路街道办事处（海淀区）", ProgrammeRole.Street, "110108001"),
        new("district", "海淀区社区防控组", ProgrammeRole.District, "110108"),
        new("district2", "朝阳区社区防控组", ProgrammeRole.District, "110105"),
        new("city", "北京市社区防控组", ProgrammeRole.City, "11"),
    ];

    /// <summary>Creates the demo accounts that do not exist yet, named after their real division nodes.</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var users = services.GetRequiredService<UserManager<User>>();
        var db = services.GetRequiredService<WuyiDbContext>();
        foreach (var demo in All)
        {
            if (await users.FindByNameAsync(demo.UserName) is not null) continue;
            var division = await db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == demo.DivisionCode, ct)
                ?? throw new InvalidOperationException($"演示账号 {demo.UserName} 的区划 {demo.DivisionCode} 不存在：请先导入区划数据");
            var name = demo.Role switch
            {
                ProgrammeRole.Community => division.Name,
                ProgrammeRole.Street => division.Name,
                _ => demo.DisplayName,
            };
            var result = await users.CreateAsync(new User
            {
                UserName = demo.UserName, DisplayName = name, Role = demo.Role, DivisionCode = demo.DivisionCode, EmailConfirmed = true,
            }, Password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"无法创建演示账号 {demo.UserName}：" + string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }
}
