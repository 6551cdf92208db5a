using Wuyi.Domain.Applications;

namespace Wuyi.Web.Audit;

/// <summary>One operation as people name it (提交申报), and the actions on record that are it: its API endpoint and its page form.</summary>
public sealed record AuditOperation(string Group, string Key, string Name, IReadOnlyList<string> Actions);

/// <summary>
/// The one table of the trail's operations in Chinese, used by the filter's list and by every row: the stored record
/// keeps its raw action (method and route, or <c>sign-in</c>…), which the hash chain covers; this only names it.
/// </summary>
public static class AuditOperations
{
    public const string ExportKey = "export";
    private const string ExportPrefix = "export ";

    public static readonly IReadOnlyList<AuditOperation> All =
    [
        new("申报", "create", "创建申报", ["POST /api/v1/applications", "POST /applications/mine", "POST /applications/mine?handler=FromLast"]),
        new("申报", "self-assessment", "保存自评", ["PUT /api/v1/applications/{id:guid}/self-assessment", "POST /applications/{id:guid}/self-assessment?handler=Save"]),
        new("申报", "submit", "提交申报", ["POST /api/v1/applications/{id:guid}/submit", "POST /applications/{id:guid}/self-assessment?handler=Submit"]),
        new("申报", "withdraw", "撤回申报", ["POST /api/v1/applications/{id:guid}/withdraw", "POST /applications/{id:guid}?handler=Withdraw"]),
        new("申报", "recommend", "街道推荐", ["POST /api/v1/applications/{id:guid}/recommend", "POST /applications/{id:guid}?handler=Recommend"]),
        new("申报", "return", "退回申报", ["POST /api/v1/applications/{id:guid}/return", "POST /applications/{id:guid}?handler=Return", "POST /evaluation/{id:guid}?handler=Return"]),
        new("评定", "evaluation", "保存评定打分", ["PUT /api/v1/applications/{id:guid}/evaluation", "POST /evaluation/{id:guid}?handler=Save"]),
        new("评定", "approve", "评定通过", ["POST /api/v1/applications/{id:guid}/approve", "POST /evaluation/{id:guid}?handler=Approve"]),
        new("评定", "reject", "评定不通过", ["POST /api/v1/applications/{id:guid}/reject", "POST /evaluation/{id:guid}?handler=Reject"]),
        new("评定", "preview", "评分预览（旧记录）", ["POST /api/v1/applications/{id:guid}/preview"]),
        new("备案公布", "file", "市级备案", ["POST /api/v1/applications/{id:guid}/file", "POST /api/v1/filings", "POST /applications/{id:guid}?handler=File", "POST /publication?handler=File", "POST /publication?handler=FileAll"]),
        new("备案公布", "publish", "公布批次", ["POST /api/v1/batches", "POST /publication?handler=Publish", "POST /publication?handler=PublishAll"]),
        new("动态管理", "veto", "一票否决", ["POST /api/v1/vetoes", "POST /vetoes/new"]),
        new("动态管理", "annul", "撤销一票否决", ["POST /api/v1/vetoes/{id:guid}/annul", "POST /vetoes/{id:guid}?handler=Annul"]),
        new("动态管理", "report", "提交整改报告", ["POST /api/v1/rectifications/{id:guid}/report", "POST /rectifications/{id:guid}?handler=Report"]),
        new("动态管理", "evidence", "上传整改材料", ["POST /api/v1/rectifications/{id:guid}/evidence", "POST /rectifications/{id:guid}?handler=Evidence"]),
        new("动态管理", "accept", "整改验收通过", ["POST /api/v1/rectifications/{id:guid}/accept", "POST /rectifications/{id:guid}?handler=Accept"]),
        new("动态管理", "send-back", "整改退回", ["POST /api/v1/rectifications/{id:guid}/return", "POST /rectifications/{id:guid}?handler=SendBack"]),
        new("动态管理", "decide", "重新评定", ["POST /api/v1/re-evaluations/{id:guid}/decide", "POST /re-evaluations/{id:guid}?handler=Decide"]),
        new("群众监督", "resident-report", "居民反映问题", ["POST /api/v1/public/communities/{code}/reports", "POST /public/communities/{code}/report"]),
        new("群众监督", "report-checking", "开始核查群众反映", ["POST /api/v1/resident-reports/{id:guid}/checking", "POST /resident-reports/{id:guid}?handler=Checking"]),
        new("群众监督", "report-lead", "群众反映转为待核查线索", ["POST /api/v1/resident-reports/{id:guid}/lead", "POST /resident-reports/{id:guid}?handler=Lead"]),
        new("群众监督", "report-close", "办结群众反映", ["POST /api/v1/resident-reports/{id:guid}/close", "POST /resident-reports/{id:guid}?handler=Close"]),
        new("督导检查", "inspection-plan", "计划督导检查", ["POST /api/v1/inspections", "POST /inspections?handler=Plan"]),
        new("督导检查", "inspection-save", "保存检查记录", ["PUT /api/v1/inspections/{id:guid}", "POST /inspections/{id:guid}/form?handler=Save", "POST /inspections/{id:guid}/form?handler=AddCheckpoint"]),
        new("督导检查", "inspection-photo", "上传检查照片", ["POST /api/v1/inspections/{id:guid}/photos"]),
        new("督导检查", "inspection-submit", "提交检查记录", ["POST /api/v1/inspections/{id:guid}/submit", "POST /inspections/{id:guid}/form?handler=Submit"]),
        new("督导检查", "inspection-decide", "作出检查处理", ["POST /api/v1/inspections/{id:guid}/decide", "POST /inspections/{id:guid}?handler=Decide"]),
        new("值守排班", "duty-roster-upload", "上报值守排班表", ["POST /api/v1/communities/{code}/duty-roster", "POST /communities/{code}/duty-roster"]),
        new("申诉复核", "appeal-file", "提出申诉", ["POST /api/v1/appeals", "POST /appeals/new"]),
        new("申诉复核", "appeal-evidence", "补充申诉材料", ["POST /api/v1/appeals/{id:guid}/evidence", "POST /appeals/{id:guid}?handler=Evidence"]),
        new("申诉复核", "appeal-decide", "作出申诉复核决定", ["POST /api/v1/appeals/{id:guid}/decide", "POST /appeals/{id:guid}?handler=Decide"]),
        new("提醒", "notifications-read", "标记提醒已读", ["POST /api/v1/notifications/read", "POST /notifications?handler=Read", "POST /notifications?handler=ReadAll"]),
        new("规则", "pass-mark", "调整达标线", ["POST /api/v1/pass-marks", "POST /pass-marks"]),
        new("规则", "scale", "发布评分表", ["POST /api/v1/scales", "POST /scales", "POST /scales/new"]),
        new("12345", "hotline-import", "导入 12345 诉求", ["POST /api/v1/hotline/imports", "POST /api/v1/hotline/complaints", "POST /hotline/import"]),
        new("账号", "sign-in", "登录", ["sign-in", "POST /api/v1/auth/token", "POST /account/login", "POST /account/login/two-factor"]),
        new("账号", "refresh", "续期登录令牌", ["POST /api/v1/auth/refresh"]),
        new("账号", "logout", "退出登录", ["POST /api/v1/auth/logout", "POST /account/logout"]),
        new("账号", "password", "修改密码", ["POST /api/v1/auth/password", "POST /account/password"]),
        new("账号", "two-factor", "启用两步验证", ["POST /account/two-factor"]),
        new("账号", "two-factor-off", "停用两步验证", ["POST /account/two-factor?handler=Disable"]),
        new("账号管理", "account-create", "创建账号", ["POST /account/admin?handler=Create"]),
        new("账号管理", "account-reset", "重置密码", ["POST /account/admin?handler=Reset"]),
        new("账号管理", "account-disable", "停用账号", ["POST /account/admin?handler=Disable", "POST /account/admin?handler=DisableMany", "POST /api/v1/accounts/disable"]),
        new("账号管理", "account-enable", "启用账号", ["POST /account/admin?handler=Enable"]),
        new("账号管理", "account-role", "变更角色", ["POST /account/admin?handler=ChangeRole", "PUT /api/v1/accounts/{id}/role"]),
        new("账号管理", "account-import", "批量导入账号", ["POST /api/v1/accounts/imports", "POST /account/admin/import"]),
        new("审计", ExportKey, "导出数据", []),
        new("审计", "purge", "清理过期审计记录", [AuditTrail.PurgeAction]),
    ];

    private static readonly Dictionary<string, AuditOperation> ByAction =
        All.SelectMany(o => o.Actions.Select(a => (a, o))).ToDictionary(x => x.a, x => x.o, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, AuditOperation> ByKey = All.ToDictionary(o => o.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>The operation a filter's value names, or null (a raw action searched as text).</summary>
    public static AuditOperation? ForKey(string? key) => key is null ? null : ByKey.GetValueOrDefault(key);

    /// <summary>The operation of a stored action, or null for one the table does not know (shown as its code).</summary>
    public static AuditOperation? Of(string action) =>
        action.StartsWith(ExportPrefix, StringComparison.Ordinal) ? ByKey[ExportKey] : ByAction.GetValueOrDefault(action);

    /// <summary>The actions a filter on this operation matches, page and API alike, whatever case a form sent its handler in.</summary>
    public static IReadOnlyList<string> Variants(AuditOperation o) =>
        [.. o.Actions.SelectMany(a => a.Contains("?handler=", StringComparison.Ordinal)
            ? new[] { a, a[..(a.IndexOf('=') + 1)] + a[(a.IndexOf('=') + 1)..].ToLowerInvariant() }
            : [a]).Distinct()];

    public static bool IsExport(AuditOperation o) => o.Key == ExportKey;

    public static string ExportPrefixText => ExportPrefix;

    /// <summary>The role column in Chinese: programme roles by their names, administrators by their kind (三权分立).</summary>
    public static string? RoleName(string? roles) => roles is null ? null : string.Join("、", roles.Split(',').Select(r => r.Trim() switch
    {
        var p when Enum.TryParse<ProgrammeRole>(p, out var role) && Enum.IsDefined(role) => Actor.RoleName(role),
        "admin:" + Infrastructure.AdministratorPolicies.Security => "安全管理员",
        "admin:" + Infrastructure.AdministratorPolicies.Audit => "审计管理员",
        "admin:" + Infrastructure.AdministratorPolicies.System => "系统管理员",
        var other => other,
    }));
}
