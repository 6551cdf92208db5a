using System.Security.Claims;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;

namespace Wuyi.Web.Shared;

/// <summary>One link of the top menu.</summary>
public sealed record MenuLink(string Text, string Href);

/// <summary>A group of the top menu (a drop-down); a group of one link is shown as that link.</summary>
public sealed record MenuGroup(string Text, IReadOnlyList<MenuLink> Links, string TestId)
{
    public bool IsSingle => Links.Count == 1;
}

/// <summary>
/// The top menu: what each account may use, grouped so that it fits one line on a desk (申报评定 · 动态管理 · 12345 ·
/// 公开信息). Who sees a link is asked of the same tables the pages answer to — <see cref="Permissions"/> and the
/// round's <see cref="ApplicationStates"/> — so that the menu never offers a page that would refuse.
/// </summary>
public static class MainMenu
{
    private sealed record Entry(string Text, string Href, Func<ProgrammeRole, bool> Shows);

    private static readonly ProgrammeRole Applicant = ApplicationStates.RoleOf(ApplicationAction.Create); // 自愿申报

    private static Entry Always(string text, string href) => new(text, href, _ => true);

    private static Entry For(Permission permission, string text, string href) => new(text, href, r => r.Allows(permission));

    private static Entry For(string text, string href, params ApplicationAction[] steps) =>
        new(text, href, r => steps.Any(s => ApplicationStates.RoleOf(s) == r));

    private static readonly (string Text, string TestId, Entry[] Entries)[] Programme =
    [
        ("待办", "menu-work", [Always("待办", Landing.Work)]),
        ("申报评定", "menu-applications",
        [
            For("本社区申报", "/applications/mine", ApplicationAction.Create),
            new("申报", "/applications", r => r != Applicant), // the queue of the levels above: the community has its own page
            For("备案与公布", "/publication", ApplicationAction.File, ApplicationAction.Publish),
            For(Permission.PublishScale, "量表", "/scales"),
        ]),
        ("动态管理", "menu-dynamic",
        [
            new("查找社区（村）", "/communities", r => r != Applicant), // a community has its own story, from its pages
            For(Permission.RecordVeto, "一票否决", "/vetoes"),
            Always("整改", "/rectifications"),
            For(Permission.ReEvaluate, "重新评定", "/re-evaluations"),
            new("申诉复核", "/appeals", r => r.Allows(Permission.FileAppeal) || r.Allows(Permission.DecideAppeal)),
            For(Permission.ChangePassMark, "达标线", "/pass-marks"),
        ]),
        ("督导监督", "menu-supervision",
        [
            For(Permission.PlanInspection, "督导检查", "/inspections"),
            For(Permission.ReadDutyRoster, "值守排班", "/duty-roster"), // 24小时卡口值守 (A1): a community its own, the levels above theirs
            For(Permission.ReadResidentReports, "群众反映", "/resident-reports"),
        ]),
        ("12345", "menu-hotline",
        [
            Always("接诉即办", "/hotline"),
            For(Permission.ImportHotline, "导入诉求", "/hotline/import"),
        ]),
        ("统计分析", "menu-statistics", [For(Permission.ReadStatistics, "统计分析", "/dashboards")]),
    ];

    /// <summary>提醒: every signed-in account's own notifications, beside the account menu with the unread count (Notifications/).</summary>
    public static readonly MenuLink Notifications = new("提醒", "/notifications");

    /// <summary>The public site, for everyone: signed in, a group; signed out, the links themselves.</summary>
    public static readonly IReadOnlyList<MenuLink> Public =
    [
        new("认定名单", "/public"),
        new("动态调整", "/public/adjustments"),
        new("统计", "/public/statistics"),
        new("居民责任", "/public/responsibilities"),
        new("开放数据", "/public/data"),
    ];

    /// <summary>The groups the signed-in <paramref name="user"/> may use, in menu order; empty when signed out.</summary>
    public static IReadOnlyList<MenuGroup> For(ClaimsPrincipal user)
    {
        var groups = new List<MenuGroup>();
        if (user.ToActor() is { } actor)
        {
            foreach (var (text, testId, entries) in Programme)
            {
                var links = entries.Where(e => e.Shows(actor.Role)).Select(e => new MenuLink(e.Text, e.Href)).ToList();
                if (links.Count > 0) groups.Add(new MenuGroup(text, links, testId));
            }
        }
        else if (Landing.AdministratorPage(user) is { } own)
        {
            // 三权分立: each administrator its own page, nothing of the programme.
            groups.Add(new MenuGroup(own.Title, [new MenuLink(own.Title, own.Href)], "menu-admin"));
        }
        if (user.Identity?.IsAuthenticated == true)
            groups.Add(new MenuGroup("公开信息", Public, "menu-public"));
        return groups;
    }

    /// <summary>
    /// What aria-current a link carries on <paramref name="path"/>: "page" on the page itself, "true" on a page under it
    /// (/vetoes/new under 一票否决) when no other link of the menu is nearer; null elsewhere.
    /// </summary>
    public static string? Current(MenuLink link, PathString path, IEnumerable<MenuLink> all)
    {
        if (path.Equals(link.Href, StringComparison.OrdinalIgnoreCase)) return "page";
        if (link.Href == "/" || !path.StartsWithSegments(link.Href, StringComparison.OrdinalIgnoreCase)) return null;
        var nearer = all.Any(o => o.Href.Length > link.Href.Length && path.StartsWithSegments(o.Href, StringComparison.OrdinalIgnoreCase));
        return nearer ? null : "true";
    }
}
