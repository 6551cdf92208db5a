using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Applications;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Rectifications;

/// <summary>整改任务 in the account's subtree (a community sees its own, a street its communities' — read only).</summary>
public sealed class IndexModel(DynamicQueries queries, DivisionDirectory directory) : WorkPageModel
{
    [FromQuery] public RectificationState? State { get; set; }
    [FromQuery] public string? Community { get; set; }
    [FromQuery] public bool Overdue { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<RectificationView> Result { get; private set; } = null!;

    /// <summary>What the 社区（村） filter names: a node of the subtree, or the ones to choose from.</summary>
    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        Result = await queries.RectificationsAsync(Actor, Pick.FilterCode, State, Overdue, PageNumber, 50, ct);
    }

    /// <summary>The filtered list as .xlsx or CSV.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => await ExportAsync(ExportFormat.Xlsx, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await ExportAsync(ExportFormat.Csv, ct);

    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        return DynamicExport.RectificationsDownload(queries, Actor, format, Pick.FilterCode, State, Overdue);
    }

    public string ExportLink => $"/rectifications?state={State}&community={Pick.FilterCode}&overdue={Overdue}";

    public string PageLink(int page) => $"/rectifications?state={State}&community={Pick.FilterCode}&overdue={Overdue}&page={page}";
}
