using Wuyi.Domain.Common;

namespace Wuyi.Domain.Applications;

/// <summary>
/// What a programme role may do outside an application's round (the round's steps and their roles are
/// <see cref="ApplicationStates"/>' table). Endpoints, pages and the domain's own checks all ask <see cref="Permissions"/>.
/// </summary>
public enum Permission
{
    ImportHotline = 1,          // 导入12345诉求
    ReadHotlineImports = 2,     // 查看导入记录与接诉即办考核
    RecordVeto = 3,             // 记录一票否决事项
    AnnulVeto = 4,              // 撤销否决事项
    SuperviseRectification = 5, // 督促整改
    ReportRectification = 6,    // 报告整改情况
    AcceptRectification = 7,    // 验收整改
    ReturnRectification = 8,    // 退回整改
    ReEvaluate = 9,             // 重新评定
    SuspendApplication = 10,    // 因一票否决中止申报
    ResumeApplication = 11,     // 恢复办理申报
    ChangePassMark = 12,        // 调整达标分数线
    PublishScale = 13,          // 发布量表
    ReadStatistics = 14,        // 查看统计分析
    UploadDutyRoster = 20,      // 上报值守排班表
    ReadDutyRoster = 21,        // 查看值守排班与覆盖情况
    HandleResidentReports = 23, // 处理群众反映（核查、转线索、办结）
    ReadResidentReports = 24,   // 查看群众反映
    FileAppeal = 26,            // 提出申诉
    DecideAppeal = 27,          // 复核申诉
    PlanInspection = 15,        // 计划督导检查（风险排序）
    ConductInspection = 16,     // 开展督导检查（检查人员）
    DecideInspection = 17,      // 作出检查处理（无问题、整改）
    IssueInspectionNotice = 18, // 发出市级检查通报（一票否决）
}

public static class Permissions
{
    private static readonly ProgrammeRole[] Supervisors = [ProgrammeRole.City, ProgrammeRole.District]; // 市、区社区防控组
    private static readonly ProgrammeRole[] City = [ProgrammeRole.City];

    /// <summary>Who may do what, and what the refusal calls it: the one table of role sets.</summary>
    private static readonly Dictionary<Permission, (ProgrammeRole[] Roles, string What)> Table = new()
    {
        [Permission.ImportHotline] = (Supervisors, "导入12345诉求"),
        [Permission.ReadHotlineImports] = ([ProgrammeRole.City, ProgrammeRole.District, ProgrammeRole.Street], "查看12345诉求导入记录"),
        [Permission.RecordVeto] = (Supervisors, "记录一票否决事项"),
        [Permission.AnnulVeto] = (City, "撤销否决事项"),
        [Permission.SuperviseRectification] = (Supervisors, "督促整改"),
        [Permission.ReportRectification] = ([ProgrammeRole.Community], "报告整改情况"),
        [Permission.AcceptRectification] = (Supervisors, "验收整改"),
        [Permission.ReturnRectification] = (Supervisors, "退回整改"),
        [Permission.ReEvaluate] = (Supervisors, "重新评定"),
        [Permission.SuspendApplication] = (Supervisors, "中止申报"),
        [Permission.ResumeApplication] = (Supervisors, "恢复申报"),
        [Permission.ChangePassMark] = (City, "调整达标分数线"),
        [Permission.PublishScale] = (City, "发布量表"),
        [Permission.ReadStatistics] = ([ProgrammeRole.City, ProgrammeRole.District, ProgrammeRole.Street], "查看统计分析"),
        [Permission.UploadDutyRoster] = ([ProgrammeRole.Community], "上报值守排班表"),
        [Permission.ReadDutyRoster] = ([ProgrammeRole.Community, ProgrammeRole.Street, ProgrammeRole.District, ProgrammeRole.City], "查看值守排班"),
        [Permission.HandleResidentReports] = (Supervisors, "处理群众反映"),
        [Permission.ReadResidentReports] = ([ProgrammeRole.City, ProgrammeRole.District, ProgrammeRole.Street], "查看群众反映"),
        [Permission.FileAppeal] = ([ProgrammeRole.Community], "提出申诉"),
        [Permission.DecideAppeal] = (Supervisors, "复核申诉"),
        [Permission.PlanInspection] = (Supervisors, "计划督导检查"),
        [Permission.ConductInspection] = (Supervisors, "开展督导检查"),
        [Permission.DecideInspection] = (Supervisors, "作出检查处理决定"),
        [Permission.IssueInspectionNotice] = (City, "发出市级检查通报"),
    };

    public static IReadOnlyList<ProgrammeRole> RolesFor(Permission permission) => Table[permission].Roles;

    public static bool Allows(this ProgrammeRole role, Permission permission) => Table[permission].Roles.Contains(role);

    /// <summary>Refuses (403, <c>wrong-role</c>) an actor whose role may not do this, e.g. “只有市、区社区防控组可以记录一票否决事项”.</summary>
    public static void Require(Actor actor, Permission permission)
    {
        var (roles, what) = Table[permission];
        if (!roles.Contains(actor.Role)) throw WrongRole(roles, what);
    }

    /// <summary>The refusal for an actor outside <paramref name="roles"/>: “只有{who}可以{what}”.</summary>
    internal static DomainException WrongRole(IReadOnlyCollection<ProgrammeRole> roles, string what) =>
        DomainException.Forbidden("wrong-role", $"只有{Who(roles)}可以{what}");

    /// <summary>Who a set of roles is, as the programme's documents say it: 市、区社区防控组; 街道（乡镇）.</summary>
    public static string Who(IReadOnlyCollection<ProgrammeRole> roles)
    {
        var groups = (roles.Contains(ProgrammeRole.City), roles.Contains(ProgrammeRole.District)) switch
        {
            (true, true) => "市、区社区防控组",
            (true, false) => Actor.RoleName(ProgrammeRole.City),
            (false, true) => Actor.RoleName(ProgrammeRole.District),
            _ => null,
        };
        return string.Join("、", new[]
        {
            roles.Contains(ProgrammeRole.Community) ? Actor.RoleName(ProgrammeRole.Community) : null,
            roles.Contains(ProgrammeRole.Street) ? Actor.RoleName(ProgrammeRole.Street) : null,
            groups,
        }.OfType<string>());
    }
}
