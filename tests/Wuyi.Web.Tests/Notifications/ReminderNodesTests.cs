using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Web.Notifications;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Notifications;

/// <summary>
/// Two app nodes on one database, each with its Quartz scheduler running the reminders job: each reminder reaches its
/// account once and each mail copy is sent once — counted in the delivery record and in both nodes' logging senders.
/// </summary>
public abstract class ReminderNodesTests(NotificationsApp app) : IAsyncLifetime
{
    private readonly OtherReminderNode _other = new(app);

    public async Task InitializeAsync() => await ((IAsyncLifetime)_other).InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_other).DisposeAsync();

    [Fact]
    public async Task EachReminder_IsDeliveredOnce_WithTwoNodesRunningTheJob()
    {
        var round = await Round.StartAsync(app, "110105");
        var code = round.CommunityCode;
        var addresses = Enumerable.Range(1, 3).Select(i => $"node-{i}-{code}@example.cn").ToList();
        var ids = new List<string>();
        foreach (var address in addresses) ids.Add((await app.AccountAsync(ProgrammeRole.Community, code, address)).Id);
        var today = ProgrammeClock.DateOf(app.Clock.GetUtcNow());
        (await round.District.RecordVeto(code, VetoKind.InspectionNotice, app.Clock, rectificationDeadline: today.AddDays(3))).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Both schedulers fire the job at once…
        var before = (app.Node.Runs, _other.Node.Runs);
        foreach (var node in new NotificationsApp[] { app, _other })
        {
            var scheduler = await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(ReminderJob.Key);
        }
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((app.Node.Runs == before.Item1 || _other.Node.Runs == before.Item2) && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        (app.Node.Runs > before.Item1 && _other.Node.Runs > before.Item2).ShouldBeTrue("both nodes' schedulers ran the job");

        // …and both run it again and again, side by side.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => (i % 2 == 0 ? app : _other).RunRemindersAsync())));
        outcomes.ShouldContain(o => o.Ran);

        var sent = app.Sender.Logged.Sent.Concat(_other.Sender.Logged.Sent).ToList();
        foreach (var (id, address) in ids.Zip(addresses))
        {
            var notifications = await app.NotificationsOfAsync(id);
            notifications.Count.ShouldBe(3, address); // 一票否决, 督促整改, 3 天内到期: each once
            notifications.Select(n => n.Key).Distinct().Count().ShouldBe(3);
            notifications.ShouldAllBe(n => n.EmailState == Web.Notifications.EmailState.Sent);
            var deliveries = await app.DeliveriesOfAsync(id);
            deliveries.Count.ShouldBe(3, address);
            deliveries.ShouldAllBe(d => d.Outcome == DeliveryOutcome.Sent && d.Attempt == 1);
            deliveries.Select(d => d.NotificationId).Distinct().Count().ShouldBe(3);
            sent.Count(m => m.To == address).ShouldBe(3, address);
        }
    }
}

public sealed class ReminderNodesTests_Sqlite(ReminderNodesSqliteApp app) : ReminderNodesTests(app), IClassFixture<ReminderNodesSqliteApp>;

public sealed class ReminderNodesTests_Postgres(ReminderNodesPostgresApp app) : ReminderNodesTests(app), IClassFixture<ReminderNodesPostgresApp>;
