using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Notifications;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;

namespace Wuyi.Web.Notifications;

/// <summary>One notification as its account sees it.</summary>
public sealed record NotificationView(Guid Id, NotificationKind Kind, string KindName, string Title, string Body, string Link,
    string? CommunityCode, DateTime CreatedAtUtc, DateTime? ReadAtUtc, bool Unread, EmailState EmailState);

/// <summary>One delivery attempt as the system administrator sees it (投递记录).</summary>
public sealed record DeliveryView(Guid Id, Guid NotificationId, string UserName, string Title, DeliveryChannel Channel, string Address,
    int Attempt, DateTime AttemptedAtUtc, DeliveryOutcome Outcome, string OutcomeName, string? Error, string Node, EmailState EmailState);

/// <summary>
/// The notification centre's reads and its one write (read marks). An account sees only its own notifications: every query
/// is by the caller's account id, so another's notification does not exist for it (404 where one is named).
/// </summary>
public sealed class NotificationQueries(WuyiDbContext db, TimeProvider time)
{
    /// <summary>The signed-in account's id (programme accounts and administrators alike).</summary>
    public static string AccountOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("signed in without an account id");

    private IQueryable<Notification> Own(string userId) => db.Notifications.AsNoTracking().Where(n => n.UserId == userId);

    /// <summary>The account's unread count: one indexed count, for the menu on every page.</summary>
    public Task<int> UnreadCountAsync(string userId, CancellationToken ct) =>
        Own(userId).CountAsync(n => n.ReadAtUtc == null, ct);

    /// <summary>
    /// The menu's count for the signed-in <paramref name="user"/>, or null when nobody is signed in or the database does not
    /// answer: a page (the error page above all) still renders without it.
    /// </summary>
    public async Task<int?> MenuCountAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id) return null;
        try
        {
            return await UnreadCountAsync(id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<Paged<NotificationView>> ListAsync(string userId, bool unreadOnly, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var q = Own(userId);
        if (unreadOnly) q = q.Where(n => n.ReadAtUtc == null);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<NotificationView>(items.Select(View).ToList(), page, pageSize, total);
    }

    /// <summary>Every notification of the account, newest first, as an export streams them.</summary>
    public IAsyncEnumerable<NotificationView> Stream(string userId, bool unreadOnly) =>
        (unreadOnly ? Own(userId).Where(n => n.ReadAtUtc == null) : Own(userId))
            .OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .AsAsyncEnumerable().Select(View);

    /// <summary>Marks the account's own notifications read (the ones named, or all of them); answers how many changed.</summary>
    public async Task<int> MarkReadAsync(string userId, IReadOnlyCollection<Guid>? ids, bool all, CancellationToken ct)
    {
        var q = db.Notifications.Where(n => n.UserId == userId && n.ReadAtUtc == null);
        if (!all)
        {
            var named = (ids ?? []).Distinct().Take(500).ToList();
            if (named.Count == 0) return 0;
            q = q.Where(n => named.Contains(n.Id));
        }
        var now = time.GetUtcNow().UtcDateTime;
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        return await q.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
    }

    /// <summary>Delivery attempts, newest first, optionally only the failed ones: for the system administrator.</summary>
    public async Task<Paged<DeliveryView>> DeliveriesAsync(DeliveryOutcome? outcome, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var q = Deliveries(outcome);
        var total = await q.CountAsync(ct);
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<DeliveryView>(items, page, pageSize, total);
    }

    public IAsyncEnumerable<DeliveryView> StreamDeliveries(DeliveryOutcome? outcome) => Deliveries(outcome).AsAsyncEnumerable();

    /// <summary>Outbound copies given up on after every attempt failed.</summary>
    public Task<int> GivenUpAsync(CancellationToken ct) => db.Notifications.CountAsync(n => n.EmailState == EmailState.Failed, ct);

    private IQueryable<DeliveryView> Deliveries(DeliveryOutcome? outcome)
    {
        var q = db.NotificationDeliveries.AsNoTracking();
        if (outcome is { } o) q = q.Where(d => d.Outcome == o);
        return from d in q
               join n in db.Notifications.AsNoTracking() on d.NotificationId equals n.Id
               join u in db.Users.AsNoTracking() on n.UserId equals u.Id into users
               from u in users.DefaultIfEmpty()
               orderby d.AttemptedAtUtc descending, d.Id descending
               select new DeliveryView(d.Id, d.NotificationId, u == null ? "" : u.UserName!, n.Title, d.Channel, d.Address, d.Attempt, d.AttemptedAtUtc,
                   d.Outcome, d.Outcome == DeliveryOutcome.Sent ? "成功" : "失败", d.Error, d.Node, n.EmailState);
    }

    private static NotificationView View(Notification n) => new(n.Id, n.Kind, Reminders.Name(n.Kind), n.Title, n.Body, n.Link, n.CommunityCode,
        n.CreatedAtUtc, n.ReadAtUtc, n.ReadAtUtc is null, n.EmailState);

    public static string EmailStateName(EmailState s) => s switch
    {
        EmailState.None => "仅站内",
        EmailState.Pending => "待发送",
        EmailState.Sending => "发送中",
        EmailState.Sent => "已发送",
        _ => "发送失败",
    };
}
