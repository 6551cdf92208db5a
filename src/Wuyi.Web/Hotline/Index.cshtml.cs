using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>
/// 接诉即办: the epidemic complaints, late answers and dissatisfied follow-ups of the units below the official's node
/// (a street sees its communities), and the complaints themselves; a community sees its own.
/// </summary>
public sealed class IndexModel(HotlineQueries queries) : PageModel
{
    [FromQuery] public string? Within { get; set; }
    [FromQuery] public DateOnly? From { get; set; }
    [FromQuery] public DateOnly? To { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    /// <summary>The complaints of one import (导入记录 links here): all of them, whatever the period.</summary>
    [FromQuery] public Guid? Import { get; set; }

    public Actor Actor => User.RequireActor();
    public Appraisal? Appraisal { get; private set; }
    public Paged<ComplaintView> Complaints { get; private set; } = null!;
    public string Unit { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Unit = Actor.Narrow(Within);
        if (Import is { } import)
        {
            Complaints = await queries.ComplaintsAsync(Actor, Unit, epidemicOnly: false, null, null, PageNumber, 50, ct, import);
            return;
        }
        if (DivisionCode.LevelOf(Unit) != DivisionLevel.Community)
        {
            Appraisal = await queries.AppraisalAsync(Actor, Unit, From, To, ct);
            (From, To) = (Appraisal.From, Appraisal.To);
        }
        else
        {
            var (from, to) = await queries.DefaultPeriodAsync(Unit, ct);
            (From, To) = (From ?? from, To ?? to);
        }
        Complaints = await queries.ComplaintsAsync(Actor, Unit, epidemicOnly: true, From, To, PageNumber, 50, ct);
    }

    /// <summary>The 接诉即办 table as CSV or .xlsx, for the street's own appraisal records.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await HotlineExport.AppraisalDownloadAsync(queries, Actor, ExportFormat.Csv, Within, From, To, ct);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => await HotlineExport.AppraisalDownloadAsync(queries, Actor, ExportFormat.Xlsx, Within, From, To, ct);

    /// <summary>The complaints as the page lists them (an import's, or the period's epidemic complaints), as CSV or .xlsx.</summary>
    public Task<IActionResult> OnGetComplaintsCsvAsync(CancellationToken ct) => ComplaintsAsync(ExportFormat.Csv, ct);

    public Task<IActionResult> OnGetComplaintsXlsxAsync(CancellationToken ct) => ComplaintsAsync(ExportFormat.Xlsx, ct);

    private async Task<IActionResult> ComplaintsAsync(ExportFormat format, CancellationToken ct)
    {
        var unit = Actor.Narrow(Within);
        if (Import is { } import) return HotlineExport.ComplaintsDownload(queries, Actor, format, unit, epidemicOnly: false, null, null, import);
        if (From is null || To is null)
        {
            // The page's period when none is given: the appraisal's (a unit above a community), or the community's default.
            var (from, to) = DivisionCode.LevelOf(unit) != DivisionLevel.Community
                ? await queries.AppraisalAsync(Actor, unit, From, To, ct) is var a ? (a.From, a.To) : default
                : await queries.DefaultPeriodAsync(unit, ct);
            (From, To) = (From ?? from, To ?? to);
        }
        return HotlineExport.ComplaintsDownload(queries, Actor, format, unit, epidemicOnly: true, From, To, null);
    }

    public string AppraisalExportLink => $"/hotline?within={Unit}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    public string ComplaintsExportLink => Import is { } import
        ? $"/hotline?handler=complaints{{format}}&import={import}"
        : $"/hotline?handler=complaints{{format}}&within={Unit}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    public string Link(string? within = null, int? page = null) =>
        (Import is { } import ? $"/hotline?import={import}" : $"/hotline?within={within ?? Unit}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}") + (page is { } p ? $"&page={p}" : "");
}
