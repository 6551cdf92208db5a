using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>12345 诉求, 接诉即办 and an import's rejected rows as lists to take away, for the pages and the API alike.</summary>
public static class HotlineExport
{
    public static readonly TableExport<ComplaintView> Complaints = new TableExport<ComplaintView>("12345 诉求", "12345诉求")
        .Text("工单编号", c => c.Number, 18)
        .Place(c => c.Place)
        .Time("受理时间", c => c.ReceivedAtUtc)
        .Text("涉疫", c => c.EpidemicRelated ? "是" : "否", 6)
        .Time("答复时限", c => c.ResponseDeadlineUtc)
        .Time("答复时间", c => c.RespondedAtUtc)
        .Text("答复不及时", c => c.AnsweredLate ? "是" : "否", 10)
        .Text("回访结果", c => c.FollowUpName, 10)
        .Time("导入时间", c => c.ImportedAtUtc);

    /// <summary>接诉即办 by the units below the node; the unit column is named for their level (社区（村）, 街道（乡镇）, 区).</summary>
    public static TableExport<AppraisalRow> Appraisal(string unitLevel) => new TableExport<AppraisalRow>("接诉即办", "接诉即办")
        .Text("区划代码", r => r.Code, 15)
        .Text(unitLevel, r => r.Name, 24)
        .Number("诉求", r => r.Complaints, 8)
        .Number("涉疫诉求", r => r.Epidemic)
        .Number("涉疫答复不及时", r => r.EpidemicLate, 15)
        .Number("涉疫回访不满意", r => r.EpidemicDissatisfied, 15)
        .Number("未答复", r => r.Unanswered, 8);

    public static readonly TableExport<Rejection> Rejections = new TableExport<Rejection>("12345 导入未导入的行", "未导入的行")
        .Number("行号", r => r.Row, 8)
        .Text("工单编号", r => r.Number, 18)
        .Text("列", r => r.Field, 14)
        .Text("问题", r => r.Reason, 48);

    public static ExportDownload<ComplaintView> ComplaintsDownload(HotlineQueries q, Actor actor, ExportFormat format, string? within, bool epidemicOnly,
        DateOnly? from, DateOnly? to, Guid? import) =>
        Complaints.Download(format, $"12345诉求-{actor.Narrow(within)}", () => q.StreamComplaintsAsync(actor, within, epidemicOnly, from, to, import));

    public static async Task<ExportDownload<AppraisalRow>> AppraisalDownloadAsync(HotlineQueries q, Actor actor, ExportFormat format, string? within,
        DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var a = await q.AppraisalAsync(actor, within, from, to, ct);
        return Appraisal(a.UnitLevel).Download(format, $"接诉即办-{a.Unit.Name}-{a.From:yyyyMMdd}-{a.To:yyyyMMdd}", () => Exports.From(a.Rows.Append(a.Total)));
    }

    public static async Task<ExportDownload<Rejection>> RejectionsDownloadAsync(HotlineQueries q, Actor actor, ExportFormat format, Guid id, CancellationToken ct)
    {
        var import = await q.ImportAsync(actor, id, ct);
        return Rejections.Download(format, $"未导入的行-{ProgrammeClock.FromUtc(import.AtUtc).ToOffset(ProgrammeClock.Offset):yyyyMMddHHmm}", () => Exports.From(import.Rejections));
    }
}
