using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement;

/// <summary>
/// 一票否决、整改、重新评定 as lists to take away, read through the lists' own scoped queries a page at a time
/// (each page joins the places), for the pages and the API alike.
/// </summary>
public static class DynamicExport
{
    private const int PageSize = Applications.ApplicationViews.MaxPageSize;

    public static readonly TableExport<VetoView> Vetoes = new TableExport<VetoView>("一票否决", "一票否决").Place(v => v.Place)
        .Text("类型", v => v.KindName, 22)
        .Time("发生时间", v => v.OccurredAtUtc)
        .Text("来源", v => v.Source, 16)
        .Text("情况说明", v => v.Description, 40)
        .Text("文号", v => v.DocumentReference, 16)
        .Time("登记时间", v => v.RecordedAtUtc)
        .Text("登记人", v => v.RecordedByName, 12)
        .Text("状态", v => v.StatusName, 14)
        .Time("撤销时间", v => v.AnnulledAtUtc)
        .Text("撤销理由", v => v.AnnulmentReason, 24)
        .Time("整改验收时间", v => v.ClearedAtUtc);

    public static readonly TableExport<RectificationView> Rectifications = new TableExport<RectificationView>("整改任务", "整改任务").Place(t => t.Place)
        .Text("整改事项", t => t.Reason, 36)
        .Time("开始时间", t => t.OpenedAtUtc)
        .Date("整改期限", t => t.Deadline)
        .Text("状态", t => t.StateName, 12)
        .Text("逾期", t => t.Overdue ? "是" : "否", 6)
        .Text("整改报告", t => t.Report, 36)
        .Time("报告时间", t => t.ReportedAtUtc)
        .Number("退回次数", t => t.Returns)
        .Text("验收意见", t => t.DecisionComment, 24)
        .Time("关闭时间", t => t.ClosedAtUtc);

    public static readonly TableExport<ReEvaluationView> ReEvaluations = new TableExport<ReEvaluationView>("重新评定", "重新评定").Place(r => r.Place)
        .Text("原因", r => r.CauseName, 16)
        .Text("详情", r => r.Detail, 40)
        .Number("重算得分", r => r.Explanation?.Total, 10)
        .Text("状态", r => r.StateName, 12)
        .Time("列入时间", r => r.OpenedAtUtc)
        .Time("决定时间", r => r.DecidedAtUtc)
        .Text("决定人", r => r.DecidedByName, 12)
        .Text("意见", r => r.Comment, 24);

    public static ExportDownload<VetoView> VetoesDownload(DynamicQueries q, Actor actor, ExportFormat format, string? community, bool? live) =>
        Vetoes.Download(format, $"一票否决-{actor.DivisionCode}", () => Exports.Pages((n, ct) => q.VetoesAsync(actor, community, live, n, PageSize, ct)));

    public static ExportDownload<RectificationView> RectificationsDownload(DynamicQueries q, Actor actor, ExportFormat format, string? community,
        RectificationState? state, bool overdue) =>
        Rectifications.Download(format, $"整改任务-{actor.DivisionCode}",
            () => Exports.Pages((n, ct) => q.RectificationsAsync(actor, community, state, overdue, n, PageSize, ct)));

    public static ExportDownload<ReEvaluationView> ReEvaluationsDownload(DynamicQueries q, Actor actor, ExportFormat format, string? community, bool open) =>
        ReEvaluations.Download(format, $"重新评定-{actor.DivisionCode}", () => Exports.Pages((n, ct) => q.ReEvaluationsAsync(actor, community, open, n, PageSize, ct)));
}
