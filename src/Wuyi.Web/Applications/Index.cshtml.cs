using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
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

    /// <summary>The whole filtered list as CSV or .xlsx, with the case number people quote (办件编号) in the first column.</summary>
    public IActionResult OnGetCsv() => ApplicationExport.Download(views, Actor, ExportFormat.Csv, State, Within, Q);

    public IActionResult OnGetXlsx() => ApplicationExport.Download(views, Actor, ExportFormat.Xlsx, State, Within, Q);

    public string ExportLink => $"/applications?state={State}&within={Within}&q={Uri.EscapeDataString(Q ?? "")}";

    public string PageLink(int page) =>
        $"/applications?state={State}&within={Within}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";
}
