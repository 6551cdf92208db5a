using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Vetoes;

/// <summary>一票否决事项 in the official's subtree, newest first; live ones, closed ones, or all.</summary>
[AuthorizeFor(Permission.RecordVeto)]
public sealed class IndexModel(DynamicQueries queries, DivisionDirectory directory) : WorkPageModel
{
    [FromQuery] public string? Live { get; set; }
    [FromQuery] public string? Community { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<VetoView> Result { get; private set; } = null!;

    /// <summary>What the 社区（村） filter names: a node of the subtree, or the ones to choose from.</summary>
    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        Result = await queries.VetoesAsync(Actor, Pick.FilterCode, Live switch { "yes" => true, "no" => false, _ => null }, PageNumber, 50, ct);
    }

    /// <summary>The filtered list as .xlsx or CSV.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => await ExportAsync(ExportFormat.Xlsx, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await ExportAsync(ExportFormat.Csv, ct);

    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        return DynamicExport.VetoesDownload(queries, Actor, format, Pick.FilterCode, LiveFilter);
    }

    private bool? LiveFilter => Live switch { "yes" => true, "no" => false, _ => null };

    public string ExportLink => $"/vetoes?live={Live}&community={Pick.FilterCode}";

    public string PageLink(int page) => $"/vetoes?live={Live}&community={Pick.FilterCode}&page={page}";
}
