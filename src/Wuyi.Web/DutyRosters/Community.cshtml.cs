using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>
/// A community's checkpoint duty roster (值守排班): the community uploads it (template, all-or-nothing import, every bad row
/// listed) and reads its 24-hour coverage per checkpoint per day with every gap; the street, district and city over it
/// read the same page. The period defaults to the last 30 days.
/// </summary>
[AuthorizeFor(Permission.ReadDutyRoster)]
[RequestSizeLimit(DutyRosterFile.MaxBytes + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = DutyRosterFile.MaxBytes + (1 << 20))]
public sealed class CommunityModel(DutyRosterQueries queries, DutyRosterImporter importer, TimeProvider time) : StepPageModel
{
    public const int ProblemsShown = 500;

    [FromRoute] public string Code { get; set; } = "";
    [FromQuery] public DateOnly? From { get; set; }
    [FromQuery] public DateOnly? To { get; set; }
    [BindProperty] public IFormFile? Roster { get; set; }

    public DutyRosterView View { get; private set; } = null!;

    /// <summary>The refused upload, with every bad row.</summary>
    public DutyRosterReport? Report { get; private set; }

    public bool CanUpload => Actor.Role.Allows(Permission.UploadDutyRoster);

    /// <summary>A refused file is told beside the file input.</summary>
    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { [Message] = nameof(Roster), ["file"] = nameof(Roster) };

    public async Task OnGetAsync(CancellationToken ct) => View = await queries.RosterAsync(Actor, Code, From, To, ct);

    /// <summary>The template: the columns the import reads, two days of two checkpoints around the clock.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string? format, CancellationToken ct)
    {
        await queries.RosterAsync(Actor, Code, null, null, ct); // 404 outside the subtree
        return DutyRosterFile.Template(format, ProgrammeClock.DateOf(time.GetUtcNow())) is var (bytes, type, name) ? File(bytes, type, name) : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Roster is null || Roster.Length == 0)
        {
            Permissions.Require(Actor, Permission.UploadDutyRoster);
            ModelState.AddModelError(nameof(Roster), "请选择值守排班表（.xlsx 或 .csv 文件）");
            return await ReshowAsync(ct);
        }
        var (file, name) = await DutyRosterImporter.BufferAsync(Roster.OpenReadStream(), Roster.FileName, ct);
        await using (file)
            Report = await importer.ImportAsync(Actor, Code, file, name, ct);
        if (Report.Imported)
        {
            TempData["Flash"] = Report.Message;
            return Redirect($"/communities/{Code}/duty-roster?from={Report.FirstDate:yyyy-MM-dd}&to={Report.LastDate:yyyy-MM-dd}");
        }
        return await ReshowAsync(ct);
    }

    /// <summary>Coverage per checkpoint per day, as the page shows it, as CSV or .xlsx.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        await DutyRosterExport.CoverageDownloadAsync(queries, Actor, ExportFormat.Csv, Code, From, To, ct);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) =>
        await DutyRosterExport.CoverageDownloadAsync(queries, Actor, ExportFormat.Xlsx, Code, From, To, ct);

    /// <summary>The shifts of the period in the template's columns, to correct and upload again.</summary>
    public async Task<IActionResult> OnGetShiftsCsvAsync(CancellationToken ct) =>
        await DutyRosterExport.ShiftsDownloadAsync(queries, Actor, ExportFormat.Csv, Code, From, To, ct);

    public async Task<IActionResult> OnGetShiftsXlsxAsync(CancellationToken ct) =>
        await DutyRosterExport.ShiftsDownloadAsync(queries, Actor, ExportFormat.Xlsx, Code, From, To, ct);

    public string Link => $"/communities/{Code}/duty-roster?from={View.From:yyyy-MM-dd}&to={View.To:yyyy-MM-dd}";

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        View = await queries.RosterAsync(Actor, Code, From, To, ct);
        return Page();
    }
}
