using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Applications;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Inspections;

/// <summary>督导检查记录: the inspections of the official's subtree, latest planned first; by state, or only the caller's own.</summary>
[AuthorizeFor(Permission.ConductInspection)]
public sealed class ListModel(InspectionQueries queries, DivisionDirectory directory) : WorkPageModel
{
    [FromQuery] public string? Community { get; set; }
    [FromQuery] public InspectionState? State { get; set; }
    [FromQuery] public bool Mine { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<InspectionView> Result { get; private set; } = null!;
    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        Result = await queries.InspectionsAsync(Actor, Pick.FilterCode, State, Mine, PageNumber, 50, ct);
    }

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);

    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        return InspectionExport.InspectionsDownload(queries, Actor, format, Pick.FilterCode, State, Mine);
    }

    private string Query => $"community={Pick.FilterCode}&state={State}&mine={(Mine ? "true" : "false")}";

    public string ExportLink => $"/inspections/list?{Query}";

    public string PageLink(int page) => $"/inspections/list?{Query}&page={page}";
}
