using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Applications;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.ResidentReports;

/// <summary>群众反映: the reports on the communities of the account's subtree, newest first (a street reads only).</summary>
[AuthorizeFor(Permission.ReadResidentReports)]
public sealed class IndexModel(ResidentReportQueries queries, DivisionDirectory directory) : WorkPageModel
{
    [FromQuery] public ReportStatus? Status { get; set; }
    [FromQuery] public ReportKind? Kind { get; set; }
    [FromQuery] public string? Community { get; set; }
    [FromQuery] public bool Open { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<ReportView> Result { get; private set; } = null!;
    public int OpenCount { get; private set; }
    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        Result = await queries.ListAsync(Actor, Pick.FilterCode, Status, Kind, Open, PageNumber, 50, ct);
        OpenCount = await queries.OpenCountAsync(Actor, ct);
    }

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);

    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        return ResidentReportExport.Download(queries, Actor, format, Pick.FilterCode, Status, Kind, Open);
    }

    private string Filters => $"status={Status}&kind={Kind}&community={Pick.FilterCode}&open={Open}";

    public string ExportLink => $"/resident-reports?{Filters}";

    public string PageLink(int page) => $"/resident-reports?{Filters}&page={page}";
}
