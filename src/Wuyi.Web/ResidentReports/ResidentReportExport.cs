using Wuyi.Domain.Applications;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.ResidentReports;

/// <summary>
/// The queue of residents' reports as a file (群众反映), read a page at a time through the list's own scoped query. The
/// resident's phone is left out: a file travels further than the page, and whoever calls back reads it there.
/// </summary>
public static class ResidentReportExport
{
    public static readonly TableExport<ReportView> Reports = new TableExport<ReportView>("群众反映", "群众反映")
        .Text("回执号", r => r.Receipt, 16)
        .Place(r => r.Place)
        .Text("问题类型", r => r.KindName, 14)
        .Text("反映内容", r => r.Text, 48)
        .Text("照片", r => r.HasPhoto ? "有" : "无", 6)
        .Time("收到时间", r => r.ReceivedAtUtc)
        .Text("状态", r => r.StatusName, 12)
        .Time("转线索时间", r => r.PassedToInspectionAtUtc)
        .Time("办结时间", r => r.ClosedAtUtc)
        .Text("办理结果（公开）", r => r.PublicOutcome, 30)
        .Text("内部备注", r => r.InternalNote, 30)
        .Text("经办人", r => r.HandledByName, 12);

    public static ExportDownload<ReportView> Download(ResidentReportQueries q, Actor actor, ExportFormat format, string? community, ReportStatus? status,
        ReportKind? kind, bool openOnly) =>
        Reports.Download(format, $"群众反映-{actor.DivisionCode}",
            () => Exports.Pages((n, ct) => q.ListAsync(actor, community, status, kind, openOnly, n, Applications.ApplicationViews.MaxPageSize, ct)));
}
