using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Audit;

/// <summary>审计日志: the audit administrator's own page (its landing): today at a glance, then search, export and verify the trail.</summary>
[Authorize(Policy = AuditSetup.Policy)]
public sealed class IndexModel(WuyiDbContext db, AuditAnchors anchors, TimeProvider time) : PageModel
{
    [FromQuery] public DateOnly? From { get; set; }
    [FromQuery] public DateOnly? To { get; set; }
    [FromQuery] public string? Actor { get; set; }
    [FromQuery] public string? Action { get; set; }
    [FromQuery] public string? Object { get; set; }
    [FromQuery] public string? Outcome { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AuditRecord> Records { get; private set; } = null!;
    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public AuditVerification? Verification { get; private set; }
    public AuditSummary Summary { get; private set; } = null!;

    /// <summary>Today's operations (Beijing day), the refused ones among them, the chain's newest record and newest anchor.</summary>
    public sealed record AuditSummary(int Today, int RefusedToday, long Head, DateTime? HeadAtUtc, AuditAnchors.Anchor? Anchor, string? AnchorProblem);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Records = await AuditQueries.SearchAsync(db, Filter(), PageNumber, 50, ct);
        Rows = await AuditRows.DescribeAsync(db, Records.Items, ct);
        var today = AuditQueries.StartOfDayUtc(ProgrammeClock.DateOf(time.GetUtcNow()));
        var todays = db.AuditRecords.AsNoTracking().Where(r => r.AtUtc >= today);
        var head = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.AtUtc }).FirstOrDefaultAsync(ct);
        var reading = await anchors.ReadAsync(ct);
        Summary = new AuditSummary(await todays.CountAsync(ct), await todays.CountAsync(r => r.Outcome != AuditOutcome.Success, ct),
            head?.Sequence ?? 0, head?.AtUtc, reading.InForce.MaxBy(a => a.Sequence), reading.Problem);
    }

    /// <summary>Checks the whole chain, then shows the search as before.</summary>
    public async Task OnGetVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditTrail.VerifyAsync(db, anchors, ct);
        await OnGetAsync(ct);
    }

    /// <summary>The matching records as CSV or .xlsx (the export is itself on record).</summary>
    public IActionResult OnGetCsv() => AuditQueries.Download(db, Filter(), ExportFormat.Csv, $"审计记录-{From:yyyyMMdd}-{To:yyyyMMdd}");

    public IActionResult OnGetXlsx() => AuditQueries.Download(db, Filter(), ExportFormat.Xlsx, $"审计记录-{From:yyyyMMdd}-{To:yyyyMMdd}");

    private AuditFilter Filter() => new(
        ProgrammeClock.InRange(From, "from") is { } f ? AuditQueries.StartOfDayUtc(f) : null,
        ProgrammeClock.InRange(To, "to") is { } t ? AuditQueries.StartOfDayUtc(t.AddDays(1)) : null,
        Actor, Action, Object, Outcome);

    public string Query(int? page = null, string? handler = null) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd"),
            ["to"] = To?.ToString("yyyy-MM-dd"),
            ["actor"] = Actor,
            ["action"] = Action,
            ["object"] = Object,
            ["outcome"] = Outcome,
            ["page"] = page?.ToString(),
            ["handler"] = handler,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToString();
}
