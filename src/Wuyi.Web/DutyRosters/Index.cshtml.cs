using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>
/// 值守排班: the street, district or city sees the communities below it in code order, each with its roster's coverage over
/// the period (days covered in full, with a gap, without roster, the longest gap), and opens one; a community goes to its own.
/// </summary>
[AuthorizeFor(Permission.ReadDutyRoster)]
public sealed class IndexModel(DutyRosterQueries queries) : WorkPageModel
{
    [FromQuery] public string? Within { get; set; }
    [FromQuery] public DateOnly? From { get; set; }
    [FromQuery] public DateOnly? To { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<CommunityRosterSummary> Communities { get; private set; } = null!;
    public (DateOnly From, DateOnly To) Period { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor.Role == ProgrammeRole.Community) return Redirect($"/communities/{Actor.DivisionCode}/duty-roster");
        Period = queries.Period(From, To);
        Communities = await queries.SummariesAsync(Actor, Within, Period.From, Period.To, PageNumber, 50, ct);
        return Page();
    }

    public IActionResult OnGetCsv() => DutyRosterExport.SummariesDownload(queries, Actor, ExportFormat.Csv, Within, From, To);

    public IActionResult OnGetXlsx() => DutyRosterExport.SummariesDownload(queries, Actor, ExportFormat.Xlsx, Within, From, To);

    public string Link(int? page = null) =>
        $"/duty-roster?within={Actor.Narrow(Within)}&from={Period.From:yyyy-MM-dd}&to={Period.To:yyyy-MM-dd}" + (page is { } p ? $"&page={p}" : "");
}
