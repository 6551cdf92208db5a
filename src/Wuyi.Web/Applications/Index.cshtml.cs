using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Scales;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Applications;

/// <summary>The queue: applications in the official's subtree, by state, unit and name.</summary>
public sealed class IndexModel(ApplicationViews views) : WorkPageModel
{
    [FromQuery] public ApplicationState? State { get; set; }
    [FromQuery] public string? Within { get; set; }
    [FromQuery] public string? Q { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<ApplicationSummary> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await views.ListAsync(Actor, State, Within, Q, PageNumber, 50, ct);

    /// <summary>The whole filtered list as CSV, with the case number people quote (办件编号) in the first column.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var items = new List<ApplicationSummary>();
        for (var page = 1; ; page++)
        {
            var result = await views.ListAsync(Actor, State, Within, Q, page, ApplicationViews.MaxPageSize, ct);
            items.AddRange(result.Items);
            if (items.Count >= result.Total || result.Items.Count == 0) break;
        }
        var rows = items.Select(i => new[]
        {
            i.CaseNumber, i.CommunityName, i.CommunityCode, i.StreetName, i.DistrictName, i.StateName,
            i.SelfScore is { } self ? ScaleVersion.Format(self) : "", i.DistrictScore is { } district ? ScaleVersion.Format(district) : "",
            Display.Time(i.SubmittedAtUtc), Display.Time(i.UpdatedAtUtc), i.BatchNumber is { } b ? $"第 {b} 批" : "",
        });
        var bytes = CsvExport.Build(["办件编号", "社区（村）", "区划代码", "街道（乡镇）", "区", "状态", "自评", "区级评定", "申报时间", "更新时间", "公布批次"], rows);
        return File(bytes, "text/csv; charset=utf-8", $"申报-{Actor.DivisionCode}.csv");
    }

    public string CsvLink => $"/applications?handler=csv&state={State}&within={Within}&q={Uri.EscapeDataString(Q ?? "")}";

    public string PageLink(int page) =>
        $"/applications?state={State}&within={Within}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";
}
