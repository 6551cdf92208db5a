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

    /// <summary>The table as CSV, for the street's own appraisal records.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var appraisal = await queries.AppraisalAsync(Actor, Within, From, To, ct);
        var rows = appraisal.Rows.Append(appraisal.Total).Select(r => new[]
        {
            r.Code, r.Name, r.Complaints.ToString(), r.Epidemic.ToString(), r.EpidemicLate.ToString(), r.EpidemicDissatisfied.ToString(), r.Unanswered.ToString(),
        });
        var bytes = CsvExport.Build(["区划代码", appraisal.UnitLevel, "诉求", "涉疫诉求", "涉疫答复不及时", "涉疫回访不满意", "未答复"], rows);
        return File(bytes, "text/csv; charset=utf-8", $"接诉即办-{appraisal.Unit.Name}-{appraisal.From:yyyyMMdd}-{appraisal.To:yyyyMMdd}.csv");
    }

    public string Link(string? within = null, int? page = null) =>
        (Import is { } import ? $"/hotline?import={import}" : $"/hotline?within={within ?? Unit}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}") + (page is { } p ? $"&page={p}" : "");
}
