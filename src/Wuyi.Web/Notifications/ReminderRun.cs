using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Notifications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;

namespace Wuyi.Web.Notifications;

/// <summary>
/// One run of the reminders job (提醒): derive every reminder the programme's state calls for now, keep the new ones (one
/// per account and key), then send the outbound copies that are due. Nothing is remembered between runs but the
/// notifications themselves, so a node that was down catches up on its next run, and several nodes on one PostgreSQL
/// take turns: a run holds the advisory lock <see cref="LockClass"/> and a node that finds it held leaves the run to the
/// holder (decision 0019). The unique (account, key) index and the claim of each outbound copy stand behind the lock.
/// </summary>
public sealed class ReminderRun(WuyiDbContext db, IEnumerable<IReminderSource> sources, IMessageSender sender, TimeProvider time,
    IOptions<NotificationOptions> options, ReminderNode node, ILogger<ReminderRun> log)
{
    /// <summary>The reminders job's PostgreSQL advisory lock (its own number; see Data/NumberSeries.cs for the others).</summary>
    public const int LockClass = 727368015;

    /// <summary>How long a claimed outbound copy may stay unfinished before another run takes it again (a node died mid-send).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    private const int SendBatch = 200;

    /// <summary>What one run did; <paramref name="Ran"/> is false when another node held the turn.</summary>
    public sealed record Outcome(bool Ran, int Created, int Sent, int Failed);

    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        if (!await node.Turn.WaitAsync(0, ct)) return new Outcome(false, 0, 0, 0);
        try
        {
            Outcome outcome;
            await using (var turn = await DatabaseTurnAsync(ct))
            {
                if (turn is null) outcome = new Outcome(false, 0, 0, 0);
                else
                {
                    var created = await DeriveAsync(ct);
                    var (sent, failed) = await SendDueAsync(ct);
                    if (created + sent + failed > 0)
                        log.LogInformation("提醒：新增 {Created} 条，发送成功 {Sent} 次，失败 {Failed} 次", created, sent, failed);
                    outcome = new Outcome(true, created, sent, failed);
                }
            }
            node.Finished(outcome, time.GetUtcNow());
            return outcome;
        }
        finally
        {
            node.Turn.Release();
        }
    }

    /// <summary>PostgreSQL: the run's advisory lock on this context's connection, or null when another node holds it. SQLite: one node.</summary>
    private async Task<IAsyncDisposable?> DatabaseTurnAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return new Nothing();
        await db.Database.OpenConnectionAsync(ct);
        var held = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockClass}, 0) AS \"Value\"").SingleAsync(ct);
        if (held) return new PostgresTurn(db);
        await db.Database.CloseConnectionAsync();
        return null;
    }

    /// <summary>Keeps each reminder's new (account, key) pairs; answers how many it kept.</summary>
    public async Task<int> DeriveAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var context = new ReminderContext(now, ProgrammeClock.DateOf(now), now.UtcDateTime.AddDays(-options.Value.LookbackDays));
        var reminders = new List<Reminder>();
        foreach (var source in sources) reminders.AddRange(await source.ReadAsync(context, ct));
        if (reminders.Count == 0) return 0;

        var accounts = await Accounts(ct);
        var keys = reminders.Select(r => r.Key).Distinct().ToList();
        var existing = new HashSet<(string, string)>();
        foreach (var chunk in keys.Chunk(500))
            foreach (var n in await db.Notifications.AsNoTracking().Where(n => chunk.Contains(n.Key)).Select(n => new { n.UserId, n.Key }).ToListAsync(ct))
                existing.Add((n.UserId, n.Key));

        var fresh = new List<Notification>();
        foreach (var r in reminders)
            foreach (var account in r.To.SelectMany(a => accounts.For(a)).DistinctBy(a => a.Id))
            {
                if (account.Id == r.ExceptUserId || !existing.Add((account.Id, r.Key))) continue;
                var email = !string.IsNullOrWhiteSpace(account.Email);
                fresh.Add(new Notification
                {
                    Id = Guid.CreateVersion7(now),
                    UserId = account.Id,
                    Key = Fit(r.Key, Notification.KeyLength),
                    Kind = r.Kind,
                    Title = Fit(r.Title, Notification.TitleLength),
                    Body = Fit(r.Body, Notification.BodyLength),
                    Link = Fit(r.Link, Notification.LinkLength),
                    CommunityCode = r.CommunityCode,
                    CreatedAtUtc = now.UtcDateTime,
                    EmailState = email ? EmailState.Pending : EmailState.None,
                    NextEmailAtUtc = email ? now.UtcDateTime : null,
                });
            }
        return await InsertAsync(fresh, ct);
    }

    /// <summary>All at once; if another writer kept some of them meanwhile, one by one, skipping those.</summary>
    private async Task<int> InsertAsync(List<Notification> fresh, CancellationToken ct)
    {
        if (fresh.Count == 0) return 0;
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        try
        {
            db.Notifications.AddRange(fresh);
            await db.SaveChangesAsync(ct);
            return fresh.Count;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            db.ChangeTracker.Clear();
        }
        var kept = 0;
        foreach (var n in fresh)
        {
            try
            {
                db.Notifications.Add(n);
                await db.SaveChangesAsync(ct);
                kept++;
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return kept;
    }

    /// <summary>Sends the outbound copies that are due, each claimed first so that no two runs send one; answers the attempts' outcomes.</summary>
    public async Task<(int Sent, int Failed)> SendDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        int sent = 0, failed = 0;
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var due = await (from n in db.Notifications.AsNoTracking()
                         join u in db.Users.AsNoTracking() on n.UserId equals u.Id
                         where (n.EmailState == EmailState.Pending || n.EmailState == EmailState.Sending) && n.NextEmailAtUtc <= nowUtc
                         orderby n.NextEmailAtUtc
                         select new { n.Id, n.EmailState, n.EmailAttempts, n.Title, n.Body, n.Link, u.Email, u.DisplayName, u.DisabledAtUtc })
            .Take(SendBatch).ToListAsync(ct);
        foreach (var n in due)
        {
            var now = time.GetUtcNow();
            var attempt = n.EmailAttempts + 1;
            if (string.IsNullOrWhiteSpace(n.Email) || n.DisabledAtUtc is not null)
            {
                // The address was removed or the account disabled since: in-app only from now on.
                await UpdateAsync(n.Id, n.EmailState, n.EmailAttempts, EmailState.None, n.EmailAttempts, null, ct);
                continue;
            }
            if (!await UpdateAsync(n.Id, n.EmailState, n.EmailAttempts, EmailState.Sending, attempt, now.UtcDateTime + ClaimLease, ct))
                continue; // another run claimed it first
            string? error = null;
            try
            {
                await sender.SendAsync(new OutboundMessage(n.Email, n.DisplayName, "【无疫社区】" + n.Title,
                    $"{n.DisplayName}：\n\n{n.Body}\n\n请登录无疫社区（村）创建工作平台查看：{n.Link}\n（本邮件由系统自动发送，请勿回复。）"), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = DeliveryRetry.Bounded($"{ex.GetType().Name}: {ex.Message}", NotificationDelivery.ErrorLength);
                log.LogWarning("提醒邮件发送失败（第 {Attempt} 次）：{Error}", attempt, error);
            }
            var next = error is null ? null : DeliveryRetry.NextAttempt(attempt, settings.MaxAttempts, TimeSpan.FromMinutes(settings.RetryMinutes), time.GetUtcNow());
            var state = error is null ? EmailState.Sent : next is null ? EmailState.Failed : EmailState.Pending;
            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                db.NotificationDeliveries.Add(new NotificationDelivery
                {
                    Id = Guid.CreateVersion7(now),
                    NotificationId = n.Id,
                    Channel = DeliveryChannel.Email,
                    Address = Fit(n.Email, NotificationDelivery.AddressLength),
                    Attempt = attempt,
                    AttemptedAtUtc = now.UtcDateTime,
                    Outcome = error is null ? DeliveryOutcome.Sent : DeliveryOutcome.Failed,
                    Error = error,
                    Node = Fit(Environment.MachineName + "/" + Environment.ProcessId, NotificationDelivery.NodeLength),
                });
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            await UpdateAsync(n.Id, EmailState.Sending, attempt, state, attempt, next?.UtcDateTime, ct);
            if (error is null) sent++;
            else failed++;
        }
        return (sent, failed);
    }

    /// <summary>Moves the copy on only if it still stands as read (a compare-and-set); answers whether it did.</summary>
    private async Task<bool> UpdateAsync(Guid id, EmailState fromState, int fromAttempts, EmailState state, int attempts, DateTime? next, CancellationToken ct)
    {
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        return await db.Notifications.Where(x => x.Id == id && x.EmailState == fromState && x.EmailAttempts == fromAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailState, state).SetProperty(x => x.EmailAttempts, attempts).SetProperty(x => x.NextEmailAtUtc, next), ct) == 1;
    }

    private sealed record Account(string Id, ProgrammeRole Role, string DivisionCode, string? Email);

    /// <summary>The programme's accounts that may be told (not disabled, not administrators), by role and node.</summary>
    private sealed class AccountIndex(ILookup<(ProgrammeRole, string), Account> byNode)
    {
        private static readonly int[] Levels = [2, 4, 6, 9, 12];

        public IEnumerable<Account> For(Audience audience) =>
            Levels.Where(l => l <= audience.DivisionCode.Length).SelectMany(l => byNode[(audience.Role, audience.DivisionCode[..l])])
                .Where(a => audience.UserId is null || a.Id == audience.UserId);
    }

    private async Task<AccountIndex> Accounts(CancellationToken ct)
    {
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.DisabledAtUtc == null && !db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == WuyiClaims.Administrator))
            .Select(u => new Account(u.Id, u.Role, u.DivisionCode, u.Email))
            .ToListAsync(ct);
        return new AccountIndex(accounts.ToLookup(a => (a.Role, a.DivisionCode)));
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class PostgresTurn(WuyiDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockClass}, 0)");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
