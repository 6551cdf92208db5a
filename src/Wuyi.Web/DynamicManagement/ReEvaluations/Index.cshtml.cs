using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.ReEvaluations;

/// <summary>The re-evaluation queue (重新评定) of a district or the city: open items first, or every item.</summary>
[AuthorizeFor(Permission.ReEvaluate)]
public sealed class IndexModel(DynamicQueries queries, DivisionDirectory directory) : WorkPageModel
{
    [FromQuery] public bool Open { get; set; } = true;
    [FromQuery] public string? Community { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<ReEvaluationView> Result { get; private set; } = null!;

    /// <summary>What the 社区（村） filter names: a node of the subtree, or the ones to choose from.</summary>
    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        Result = await queries.ReEvaluationsAsync(Actor, Pick.FilterCode, Open, PageNumber, 50, ct);
    }

    /// <summary>The filtered list as .xlsx or CSV.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => await ExportAsync(ExportFormat.Xlsx, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await ExportAsync(ExportFormat.Csv, ct);

    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        return DynamicExport.ReEvaluationsDownload(queries, Actor, format, Pick.FilterCode, Open);
    }

    public string ExportLink => $"/re-evaluations?open={Open}&community={Pick.FilterCode}";

    public string PageLink(int page) => $"/re-evaluations?open={Open}&community={Pick.FilterCode}&page={page}";
}
