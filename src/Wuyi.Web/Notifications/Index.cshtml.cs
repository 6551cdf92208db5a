using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notifications;

/// <summary>提醒: the signed-in account's own notifications, newest first, unread marked; mark one or all read.</summary>
public sealed class IndexModel(NotificationQueries queries) : PageModel
{
    [FromQuery] public bool Unread { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    [BindProperty] public Guid? Id { get; set; }

    public Paged<NotificationView> Result { get; private set; } = null!;

    [TempData] public string? Message { get; set; }

    private string Account => NotificationQueries.AccountOf(User);

    public async Task OnGetAsync(CancellationToken ct) => Result = await queries.ListAsync(Account, Unread, PageNumber, 50, ct);

    /// <summary>Marks one of the account's own notifications read (another's id changes nothing) and comes back to the list.</summary>
    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        if (Id is { } id) await queries.MarkReadAsync(Account, [id], all: false, ct);
        return Redirect(ListLink(PageNumber));
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var marked = await queries.MarkReadAsync(Account, null, all: true, ct);
        Message = marked == 0 ? "没有未读提醒" : $"已将 {marked} 条提醒标为已读";
        return Redirect(ListLink(1));
    }

    public IActionResult OnGetXlsx() => NotificationExport.NotificationsDownload(queries, Account, ExportFormat.Xlsx, Unread);

    public IActionResult OnGetCsv() => NotificationExport.NotificationsDownload(queries, Account, ExportFormat.Csv, Unread);

    public string ExportLink => $"/notifications?unread={Unread}";

    public string ListLink(int page) => $"/notifications?unread={Unread}&page={page}";
}
