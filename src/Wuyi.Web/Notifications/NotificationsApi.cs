using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Domain.Common;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notifications;

/// <summary>The notification centre (提醒) through the API: every account its own; the delivery record for the system administrator.</summary>
public static class NotificationsApi
{
    /// <summary>Which notifications to mark read: those named, or all of the caller's (<c>all</c>).</summary>
    public sealed record ReadRequest(List<Guid>? Ids, bool? All);

    public sealed record ReadAnswer(int Marked, int Unread);

    public sealed record UnreadAnswer(int Unread);

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications");

        g.MapGet("", async Task<Ok<Paged<NotificationView>>> (HttpContext http, NotificationQueries q, bool? unread, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await q.ListAsync(NotificationQueries.AccountOf(http.User), unread ?? false, page ?? 1, pageSize ?? 50, ct)))
            .WithSummary("The caller's own notifications, newest first (unread=true: only the unread)");

        g.MapGet("/unread-count", async Task<Ok<UnreadAnswer>> (HttpContext http, NotificationQueries q, CancellationToken ct) =>
                TypedResults.Ok(new UnreadAnswer(await q.UnreadCountAsync(NotificationQueries.AccountOf(http.User), ct))))
            .WithSummary("How many of the caller's notifications are unread (the menu's count)");

        g.MapGet("/export", (HttpContext http, NotificationQueries q, bool? unread, string? format) =>
                NotificationExport.NotificationsDownload(q, NotificationQueries.AccountOf(http.User), Exports.FormatOf(format), unread ?? false))
            .ProducesExport()
            .WithSummary("The caller's notifications as a file (format=xlsx, the default, or csv); on the audit trail");

        g.MapPost("/read", async Task<Ok<ReadAnswer>> (ReadRequest? request, HttpContext http, NotificationQueries q, CancellationToken ct) =>
            {
                var user = NotificationQueries.AccountOf(http.User);
                if (request?.Ids is { Count: > 500 })
                    throw DomainException.Invalid("too-many-ids", "一次最多标记 500 条提醒", new Dictionary<string, string[]> { ["ids"] = ["一次最多 500 条"] });
                var marked = await q.MarkReadAsync(user, request?.Ids, request?.All ?? false, ct);
                return TypedResults.Ok(new ReadAnswer(marked, await q.UnreadCountAsync(user, ct)));
            })
            .WithSummary("Marks the caller's own notifications read: those in ids, or all=true for every one; another account's ids change nothing");

        g.MapGet("/deliveries", async Task<Ok<Paged<DeliveryView>>> (NotificationQueries q, DeliveryOutcome? outcome, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await q.DeliveriesAsync(outcome, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(AdministratorPolicies.SystemAdministrator)
            .WithSummary("Every outbound delivery attempt, newest first (outcome=Failed: the failures); the system administrator's");

        g.MapGet("/deliveries/export", (NotificationQueries q, DeliveryOutcome? outcome, string? format) =>
                NotificationExport.DeliveriesDownload(q, Exports.FormatOf(format), outcome))
            .RequireAuthorization(AdministratorPolicies.SystemAdministrator)
            .ProducesExport()
            .WithSummary("The delivery attempts as a file (format=xlsx, the default, or csv)");

        return g;
    }
}
