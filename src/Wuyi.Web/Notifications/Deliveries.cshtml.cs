using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notifications;

/// <summary>提醒投递记录: every outbound delivery attempt, the failures first to look at; the system administrator's (三权分立).</summary>
[Authorize(Policy = AdministratorPolicies.SystemAdministrator)]
public sealed class DeliveriesModel(NotificationQueries queries, ReminderNode node) : PageModel
{
    [FromQuery] public bool Failed { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<DeliveryView> Result { get; private set; } = null!;

    public int GivenUp { get; private set; }

    public ReminderNode Node => node;

    private DeliveryOutcome? Outcome => Failed ? DeliveryOutcome.Failed : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await queries.DeliveriesAsync(Outcome, PageNumber, 50, ct);
        GivenUp = await queries.GivenUpAsync(ct);
    }

    public IActionResult OnGetXlsx() => NotificationExport.DeliveriesDownload(queries, ExportFormat.Xlsx, Outcome);

    public IActionResult OnGetCsv() => NotificationExport.DeliveriesDownload(queries, ExportFormat.Csv, Outcome);

    public string ExportLink => $"/notifications/deliveries?failed={Failed}";

    public string ListLink(int page) => $"/notifications/deliveries?failed={Failed}&page={page}";
}
