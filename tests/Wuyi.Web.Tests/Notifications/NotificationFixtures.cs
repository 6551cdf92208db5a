using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Notifications;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Notifications;

/// <summary>
/// The logging sender, made to fail for chosen addresses a given number of times (an SMTP relay refusing), so that
/// failures, retries and giving up can be seen; what gets through is the logging sender's own record.
/// </summary>
public sealed class FlakySender(LoggingMessageSender inner) : IMessageSender
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public LoggingMessageSender Logged => inner;

    public void FailFor(string address, int times)
    {
        lock (_gate) _failures[address] = times;
    }

    public Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_failures.TryGetValue(message.To, out var left) && left > 0)
            {
                _failures[message.To] = left - 1;
                throw new IOException("模拟邮件服务器拒收：550 5.7.1 relay refused\r\nsecond line");
            }
        }
        return inner.SendAsync(message, ct);
    }
}

/// <summary>The app with the reminders' test wiring: at most 3 attempts per copy, the flaky logging sender; the Quartz job on or off.</summary>
public abstract class NotificationsApp(DatabaseProvider provider, TestDatabase? shared = null, bool job = false) : WuyiApp(provider, shared)
{
    protected override bool ReminderJobEnabled => job;

    public FlakySender Sender => Services.GetRequiredService<FlakySender>();

    public ReminderNode Node => Services.GetRequiredService<ReminderNode>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wuyi:Notifications:MaxAttempts", "3");
        builder.UseSetting("Wuyi:Notifications:RetryMinutes", "5");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<FlakySender>();
            services.RemoveAll<IMessageSender>();
            services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<FlakySender>());
        });
    }

    /// <summary>One run of the reminders job on this node, as Quartz would run it.</summary>
    public async Task<ReminderRun.Outcome> RunRemindersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(CancellationToken.None);
    }

    /// <summary>A new account of the role on the node, with an email address if one is given; answers its name and id.</summary>
    public async Task<(string Name, string Id)> AccountAsync(ProgrammeRole role, string divisionCode, string? email = null)
    {
        var name = await CreateAccountAsync(role, divisionCode);
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = await users.FindByNameAsync(name) ?? throw new InvalidOperationException(name);
        if (email is not null)
        {
            user.Email = email;
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }
        return (name, user.Id);
    }

    public Task<List<Notification>> NotificationsOfAsync(string userId) =>
        WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == userId).ToListAsync());

    public Task<List<NotificationDelivery>> DeliveriesOfAsync(string userId) =>
        WithDbAsync(db => db.NotificationDeliveries.AsNoTracking()
            .Where(d => db.Notifications.Any(n => n.Id == d.NotificationId && n.UserId == userId)).ToListAsync());
}

public sealed class NotificationsSqliteApp() : NotificationsApp(DatabaseProvider.Sqlite);

public sealed class NotificationsPostgresApp() : NotificationsApp(DatabaseProvider.Postgres);

/// <summary>A node whose Quartz scheduler runs the reminders job (the first of two on one database).</summary>
public sealed class ReminderNodesSqliteApp() : NotificationsApp(DatabaseProvider.Sqlite, job: true);

public sealed class ReminderNodesPostgresApp() : NotificationsApp(DatabaseProvider.Postgres, job: true);

/// <summary>Another node on the database of <paramref name="first"/>, its scheduler running the job too.</summary>
public sealed class OtherReminderNode(WuyiApp first) : NotificationsApp(first.Provider, first.Database, job: true);
