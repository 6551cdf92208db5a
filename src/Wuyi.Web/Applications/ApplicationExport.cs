using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Applications;

/// <summary>申报 as a list to take away: the case number people quote first, both scores, the dates.</summary>
public static class ApplicationExport
{
    public static readonly TableExport<ApplicationSummary> Table = new TableExport<ApplicationSummary>("申报", "申报")
        .Text("办件编号", a => a.CaseNumber, 20)
        .Text("社区（村）", a => a.CommunityName, 24)
        .Text("区划代码", a => a.CommunityCode, 15)
        .Text("街道（乡镇）", a => a.StreetName, 18)
        .Text("区", a => a.DistrictName, 10)
        .Text("状态", a => a.StateName, 12)
        .Number("自评得分", a => a.SelfScore)
        .Number("区级评定得分", a => a.DistrictScore, 13)
        .Time("申报时间", a => a.SubmittedAtUtc)
        .Time("更新时间", a => a.UpdatedAtUtc)
        .Number("公布批次", a => a.BatchNumber);

    public static ExportDownload<ApplicationSummary> Download(ApplicationViews views, Actor actor, ExportFormat format,
        ApplicationState? state, string? within, string? q) =>
        Table.Download(format, $"申报-{actor.DivisionCode}", () => views.StreamAsync(actor, state, within, q));
}
