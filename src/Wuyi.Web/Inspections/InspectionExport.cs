using Wuyi.Domain.Applications;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Inspections;

/// <summary>The risk-ranked list and the inspections as people take them away (.xlsx or CSV), scoped like the lists.</summary>
public static class InspectionExport
{
    public static readonly TableExport<RiskRow> Risk = new TableExport<RiskRow>("督导检查风险排序", "风险排序")
        .Number("排序", r => r.Rank, 6)
        .Place(r => r.Place)
        .Text("状态", r => r.Standing, 16)
        .Number("风险分", r => r.Score, 8)
        .Text("风险因素", r => r.ReasonsText, 60)
        .Date("已计划检查", r => r.PlannedOn);

    public static readonly TableExport<InspectionView> Inspections = new TableExport<InspectionView>("督导检查", "督导检查")
        .Place(i => i.Place)
        .Date("计划日期", i => i.PlannedOn)
        .Text("检查人员", i => i.InspectorName, 12)
        .Text("状态", i => i.StateName, 8)
        .Number("风险分", i => i.RiskScore, 8)
        .Text("风险因素", i => i.RiskReasons, 40)
        .Time("检查时间", i => i.InspectedAtUtc)
        .Text("检查地点", i => i.Address, 24)
        .Number("卡口数", i => i.Checkpoints.Count, 8)
        .Number("发现问题", i => i.Checkpoints.Count(c => c.Failed) + i.Indicators.Count(x => !x.Met), 8)
        .Text("处理结果", i => i.OutcomeName, 16)
        .Text("处理意见", i => i.DecisionComment, 30);

    public static ExportDownload<RiskRow> RiskDownload(InspectionQueries q, Actor actor, ExportFormat format, string? community) =>
        Risk.Download(format, $"督导检查风险排序-{actor.DivisionCode}", () => Rows(q, actor, community));

    private static async IAsyncEnumerable<RiskRow> Rows(InspectionQueries q, Actor actor, string? community)
    {
        foreach (var row in (await q.RiskListAsync(actor, community, CancellationToken.None)).Rows) yield return row;
    }

    public static ExportDownload<InspectionView> InspectionsDownload(InspectionQueries q, Actor actor, ExportFormat format, string? community,
        InspectionState? state, bool mine) =>
        Inspections.Download(format, $"督导检查-{actor.DivisionCode}",
            () => Exports.Pages((n, ct) => q.InspectionsAsync(actor, community, state, mine, n, Applications.ApplicationViews.MaxPageSize, ct)));
}
