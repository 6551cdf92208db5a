namespace Wuyi.Domain.Applications;

/// <summary>Where an application (创建申报) stands in the round.</summary>
public enum ApplicationState
{
    Draft = 1,              // 草稿（自评中）
    Submitted = 2,          // 已申报，待街道推荐
    ReturnedByStreet = 3,   // 街道退回修改
    Recommended = 4,        // 街道已推荐，待区级评定
    ReturnedByDistrict = 5, // 区级退回补充
    Approved = 6,           // 区级评定通过，待市级备案
    Rejected = 7,           // 区级评定未通过
    Filed = 8,              // 市级已备案，待公布
    Published = 9,          // 已公布（认定）
    Withdrawn = 10,         // 社区撤回
    Suspended = 11,         // 因一票否决中止
}

/// <summary>What was done; one per transition.</summary>
public enum ApplicationAction
{
    Create = 1,
    Submit = 2,
    Withdraw = 3,
    Recommend = 4,
    ReturnByStreet = 5,
    Approve = 6,
    Reject = 7,
    ReturnByDistrict = 8,
    File = 9,
    Publish = 10,
    Suspend = 11, // 一票否决，申报中止
    Resume = 12,  // 否决事项撤销后恢复办理
    ReopenOnAppeal = 14, // 申诉复核成立，退回区级重新评定
}

public static class ApplicationStates
{
    /// <summary>Who may take each step, from which states, and what a refusal calls it: the round's one transition table.</summary>
    private static readonly Dictionary<ApplicationAction, (ProgrammeRole Role, ApplicationState[] From, string What)> Steps = new()
    {
        [ApplicationAction.Create] = (ProgrammeRole.Community, [], "发起申报"), // a new application, from no state
        [ApplicationAction.Submit] = (ProgrammeRole.Community, [ApplicationState.Draft, ApplicationState.ReturnedByStreet, ApplicationState.ReturnedByDistrict], "提交申报"),
        [ApplicationAction.Withdraw] = (ProgrammeRole.Community, [ApplicationState.Draft, ApplicationState.Submitted, ApplicationState.ReturnedByStreet, ApplicationState.ReturnedByDistrict], "撤回申报"),
        [ApplicationAction.Recommend] = (ProgrammeRole.Street, [ApplicationState.Submitted], "推荐"),
        [ApplicationAction.ReturnByStreet] = (ProgrammeRole.Street, [ApplicationState.Submitted], "退回待推荐的申报"),
        [ApplicationAction.Approve] = (ProgrammeRole.District, [ApplicationState.Recommended], "评定"),
        [ApplicationAction.Reject] = (ProgrammeRole.District, [ApplicationState.Recommended], "评定"),
        [ApplicationAction.ReturnByDistrict] = (ProgrammeRole.District, [ApplicationState.Recommended], "退回待评定的申报"),
        [ApplicationAction.File] = (ProgrammeRole.City, [ApplicationState.Approved], "备案"),
        [ApplicationAction.Publish] = (ProgrammeRole.City, [ApplicationState.Filed], "公布"),
    };

    /// <summary>Whether the step may be taken from this state (by its role).</summary>
    public static bool Allows(ApplicationAction action, ApplicationState from) =>
        Steps.TryGetValue(action, out var step) && step.From.Contains(from);

    /// <summary>The role that takes a step of the round (suspension and resumption are <see cref="Permissions"/>' part).</summary>
    public static ProgrammeRole RoleOf(ApplicationAction action) =>
        Steps.TryGetValue(action, out var step) ? step.Role : throw new ArgumentOutOfRangeException(nameof(action), action, "不是申报流程中的步骤");

    /// <summary>Refuses (403, <c>wrong-role</c>) an actor whose role does not take this step, e.g. “只有街道（乡镇）可以推荐”.</summary>
    public static void RequireRole(Actor actor, ApplicationAction action)
    {
        var (role, _, what) = Steps[action];
        if (actor.Role != role) throw Permissions.WrongRole([role], what);
    }

    /// <summary>The steps a role may take on an application in this state: what a page offers.</summary>
    public static IReadOnlyList<ApplicationAction> ActionsFor(ProgrammeRole role, ApplicationState state) =>
        Steps.Where(s => s.Value.Role == role && s.Value.From.Contains(state)).Select(s => s.Key).ToList();

    /// <summary>States in which the application is still open: a community has at most one.</summary>
    public static bool IsOpen(ApplicationState s) =>
        s is not (ApplicationState.Rejected or ApplicationState.Published or ApplicationState.Withdrawn or ApplicationState.Suspended);

    /// <summary>The community may edit its self-assessment.</summary>
    public static bool IsEditableByCommunity(ApplicationState s) =>
        s is ApplicationState.Draft or ApplicationState.ReturnedByStreet or ApplicationState.ReturnedByDistrict;

    public static string Name(ApplicationState s) => s switch
    {
        ApplicationState.Draft => "草稿",
        ApplicationState.Submitted => "待街道推荐",
        ApplicationState.ReturnedByStreet => "街道退回",
        ApplicationState.Recommended => "待区级评定",
        ApplicationState.ReturnedByDistrict => "区级退回",
        ApplicationState.Approved => "待市级备案",
        ApplicationState.Rejected => "未通过",
        ApplicationState.Filed => "已备案待公布",
        ApplicationState.Published => "已公布",
        ApplicationState.Withdrawn => "已撤回",
        ApplicationState.Suspended => "因一票否决中止",
        _ => s.ToString(),
    };

    /// <summary>
    /// The state as people read it: a published application whose title has since been revoked (rules 3 and 14) says
    /// 已取消认定, never 已公布, though its state in the round stays Published.
    /// </summary>
    public static string Name(ApplicationState s, bool titleRevoked) =>
        s == ApplicationState.Published && titleRevoked ? "已取消认定" : Name(s);

    public static string Name(ApplicationAction a) => a switch
    {
        ApplicationAction.Create => "创建申报",
        ApplicationAction.Submit => "提交申报",
        ApplicationAction.Withdraw => "撤回申报",
        ApplicationAction.Recommend => "街道推荐",
        ApplicationAction.ReturnByStreet => "街道退回",
        ApplicationAction.Approve => "区级评定通过",
        ApplicationAction.Reject => "区级评定不通过",
        ApplicationAction.ReturnByDistrict => "区级退回",
        ApplicationAction.File => "市级备案",
        ApplicationAction.Publish => "公布",
        ApplicationAction.Suspend => "一票否决，申报中止",
        ApplicationAction.Resume => "恢复办理",
        ApplicationAction.ReopenOnAppeal => "申诉成立，重新评定",
        _ => a.ToString(),
    };
}
