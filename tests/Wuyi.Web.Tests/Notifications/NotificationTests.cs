using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Notifications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Notifications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Notifications;

/// <summary>
/// 提醒 (decision 0019): the reminders job derives notifications from the programme's state under idempotent keys — a
/// deadline in 3 days, in 1 day, overdue; a new item on an account's 待办; a decision on a community's items — each account
/// sees only its own, reads them, and counts the unread in the menu; copies go out by mail where an account has an address,
/// every attempt recorded, failures retried with backoff and given up after the limit. Each test takes its own community.
/// </summary>
public abstract class NotificationTests(NotificationsApp app)
{
    private DateOnly Today => ProgrammeClock.DateOf(app.Clock.GetUtcNow());

    private static async Task<Paged<NotificationView>> ListAsync(HttpClient client, bool unread = false) =>
        await (await client.GetAsync($"/api/v1/notifications?pageSize=200&unread={unread}")).Read<Paged<NotificationView>>();

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/notifications/unread-count")).Read<NotificationsApi.UnreadAnswer>()).Unread;

    /// <summary>A veto on the community whose rectification is due on <paramref name="deadline"/>; answers the task.</summary>
    private async Task<RectificationView> VetoDueAsync(Round round, DateOnly deadline)
    {
        (await round.District.RecordVeto(round.CommunityCode, VetoKind.MediaExposure, app.Clock, rectificationDeadline: deadline))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return await round.District.OpenTaskAsync(round.CommunityCode);
    }

    [Fact]
    public async Task DeadlineIn3Days_NotifiesTheCommunityOnce_AndRunningAgainAddsNothing()
    {
        var round = await Round.StartAsync(app, "110108");
        var code = round.CommunityCode;
        var task = await VetoDueAsync(round, Today.AddDays(3));

        (await app.RunRemindersAsync()).Ran.ShouldBeTrue();

        var mine = await ListAsync(round.Community);
        var due = mine.Items.Where(n => n.Kind == NotificationKind.DueIn3Days).ShouldHaveSingleItem();
        due.Link.ShouldBe($"/rectifications/{task.Id}");
        due.Body.ShouldContain($"整改期限 {task.Deadline:yyyy-MM-dd}，还有 3 天");
        due.Unread.ShouldBeTrue();
        due.CommunityCode.ShouldBe(code);
        due.EmailState.ShouldBe(EmailState.None); // no address: in-app only
        mine.Items.ShouldContain(n => n.Kind == NotificationKind.Decision && n.Title == "一票否决");
        mine.Items.ShouldContain(n => n.Kind == NotificationKind.Decision && n.Title == "督促整改" && n.Link == $"/rectifications/{task.Id}");
        mine.Items.ShouldNotContain(n => n.Kind == NotificationKind.DueIn1Day || n.Kind == NotificationKind.Overdue);

        await app.RunRemindersAsync();
        await app.RunRemindersAsync();
        (await ListAsync(round.Community)).Items.Select(n => n.Id).ShouldBe(mine.Items.Select(n => n.Id), ignoreOrder: true);

        // The district that recorded the veto is not told of its own act, nor of a deadline three days away.
        (await ListAsync(round.District)).Items.ShouldNotContain(n => n.CommunityCode == code);
    }

    [Fact]
    public async Task DeadlineIn1Day_ThenOverdue_EachOnce_TheDistrictToldOfTheOverdue()
    {
        var round = await Round.StartAsync(app, "110108");
        var code = round.CommunityCode;
        var (community, communityId) = await app.AccountAsync(ProgrammeRole.Community, code);
        var (district, _) = await app.AccountAsync(ProgrammeRole.District, "110108");
        var task = await VetoDueAsync(round, Today.AddDays(1));

        await app.RunRemindersAsync();
        var first = await app.NotificationsOfAsync(communityId);
        var soon = first.Where(n => n.Kind == NotificationKind.DueIn1Day).ShouldHaveSingleItem();
        soon.Key.ShouldBe(Reminders.DeadlineKey("rectification", task.Id, task.Deadline, NotificationKind.DueIn1Day));
        soon.Body.ShouldContain("还有 1 天");
        first.ShouldNotContain(n => n.Kind == NotificationKind.DueIn3Days); // a stage already passed is not sent late

        app.Clock.Advance(TimeSpan.FromDays(2)); // the deadline passed yesterday
        try
        {
            await app.RunRemindersAsync();
            await app.RunRemindersAsync();
            var communityClient = await app.SignInAsync(community);
            var overdue = (await ListAsync(communityClient)).Items.Where(n => n.Kind == NotificationKind.Overdue).ShouldHaveSingleItem();
            overdue.Title.ShouldBe("整改已逾期");
            overdue.Body.ShouldContain("已逾期 1 天");
            (await ListAsync(communityClient)).Items.Count(n => n.Kind == NotificationKind.DueIn1Day).ShouldBe(1);
            var ofDistrict = (await ListAsync(await app.SignInAsync(district))).Items.Where(n => n.CommunityCode == code).ToList();
            ofDistrict.ShouldHaveSingleItem().Kind.ShouldBe(NotificationKind.Overdue);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromDays(-2));
        }
    }

    [Fact]
    public async Task ReadAndUnread_AndTheMenuCount()
    {
        var round = await Round.StartAsync(app, "110108");
        var (community, _) = await app.AccountAsync(ProgrammeRole.Community, round.CommunityCode);
        await VetoDueAsync(round, Today.AddDays(3));
        await app.RunRemindersAsync();

        var client = await app.SignInAsync(community);
        var all = await ListAsync(client);
        all.Total.ShouldBe(3); // 一票否决, 督促整改, 3 天内到期
        all.Items.Select(n => n.CreatedAtUtc).ShouldBeInOrder(SortDirection.Descending);
        (await UnreadAsync(client)).ShouldBe(3);

        var page = await Browserless.SignInAsync(app, community);
        var (status, work) = await page.GetAsync("/work");
        status.ShouldBe(HttpStatusCode.OK);
        work.QuerySelector("[data-testid=menu-notifications] a")!.GetAttribute("href").ShouldBe("/notifications");
        work.QuerySelector("[data-testid=unread-count]")!.TextContent.ShouldStartWith("3");
        var (_, list) = await page.GetAsync("/notifications");
        list.QuerySelectorAll("[data-testid=notification][data-unread=true]").Length.ShouldBe(3);
        list.QuerySelectorAll("[data-testid=notification-link]").Select(a => a.GetAttribute("href")).ShouldBe(all.Items.Select(n => n.Link));

        // One read through the API: the count follows; the page shows it read.
        var read = await (await client.PostAsJsonAsync("/api/v1/notifications/read", new { ids = new[] { all.Items[0].Id } }, Json)).Read<NotificationsApi.ReadAnswer>();
        (read.Marked, read.Unread).ShouldBe((1, 2));
        (await ListAsync(client, unread: true)).Items.Select(n => n.Id).ShouldBe(all.Items.Skip(1).Select(n => n.Id));
        (await page.GetAsync("/work")).Document.QuerySelector("[data-testid=unread-count]")!.TextContent.ShouldStartWith("2");

        // The rest from the page, without JavaScript.
        var (after, _) = await page.SubmitAsync("/notifications", "#read-all-form", []);
        after.ShouldBe(HttpStatusCode.Redirect);
        (await UnreadAsync(client)).ShouldBe(0);
        var (_, readList) = await page.GetAsync("/notifications");
        readList.QuerySelector("[data-testid=message]")!.TextContent.ShouldContain("已将 2 条提醒标为已读");
        readList.QuerySelectorAll("[data-testid=notification][data-unread=false]").Length.ShouldBe(3);
        readList.QuerySelector("[data-testid=unread-count]").ShouldBeNull();
    }

    [Fact]
    public async Task AnAccount_SeesAndMarksOnlyItsOwn()
    {
        var round = await Round.StartAsync(app, "110108");
        var code = round.CommunityCode;
        var sibling = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110108"));
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110105");
        await VetoDueAsync(round, Today.AddDays(3));
        await app.RunRemindersAsync();
        var mine = await ListAsync(round.Community);
        mine.Total.ShouldBeGreaterThanOrEqualTo(3);

        (await ListAsync(sibling)).Items.ShouldNotContain(n => n.CommunityCode == code);
        (await ListAsync(otherDistrict)).Items.ShouldNotContain(n => n.CommunityCode == code);

        // Another's ids change nothing, and say so.
        var refused = await (await sibling.PostAsJsonAsync("/api/v1/notifications/read", new { ids = mine.Items.Select(n => n.Id) }, Json)).Read<NotificationsApi.ReadAnswer>();
        refused.Marked.ShouldBe(0);
        (await UnreadAsync(round.Community)).ShouldBe(mine.Total);
        (await ListAsync(round.Community)).Items.ShouldAllBe(n => n.Unread);

        // More than 500 at once is refused with a code, changing nothing.
        var tooMany = await round.Community.PostAsJsonAsync("/api/v1/notifications/read",
            new { ids = Enumerable.Range(0, 501).Select(_ => Guid.NewGuid()).Append(mine.Items[0].Id) }, Json);
        await tooMany.ChineseProblem(HttpStatusCode.BadRequest, "too-many-ids");
        (await UnreadAsync(round.Community)).ShouldBe(mine.Total);
    }

    [Fact]
    public async Task Supervision_AnInspection_AResidentsReport_AndAnAppeal_EachReachTheDeskThatActsOnIt()
    {
        var round = await Round.StartAsync(app, "110106");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var (_, inspectorId) = await app.AccountAsync(ProgrammeRole.District, code[..6]);
        var (_, colleagueId) = await app.AccountAsync(ProgrammeRole.District, code[..6]);
        var (_, cityId) = await app.AccountAsync(ProgrammeRole.City, "11");

        var plan = await round.District.PostAsJsonAsync("/api/v1/inspections",
            new { communityCodes = new[] { code }, inspectorUserId = inspectorId, plannedOn = Today.AddDays(1) }, Json);
        plan.StatusCode.ShouldBe(HttpStatusCode.Created, await plan.Content.ReadAsStringAsync());
        (await app.CreateClient().PostAsJsonAsync($"/api/v1/public/communities/{code}/reports",
            new { kind = "Sanitation", text = "垃圾桶满溢无人清运", consent = true })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var veto = await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock);
        (await round.Community.PostAsJsonAsync("/api/v1/appeals", new { subject = "Veto", key = veto.Id.ToString(), reasons = "报道所指卡口不属于本社区" }, Json))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.RunRemindersAsync();
        await app.RunRemindersAsync();

        async Task<List<string>> TitlesAsync(string userId) =>
            (await app.NotificationsOfAsync(userId)).Where(n => n.CommunityCode == code && n.Title != "一票否决").Select(n => n.Title).Order().ToList();
        // The inspection is its inspector's alone: assigned, then due tomorrow; the report is every district account's.
        (await TitlesAsync(inspectorId)).ShouldBe(new[] { "新待办：督导检查", "督导检查日期将到", "新待办：群众反映" }.Order().ToList());
        (await TitlesAsync(colleagueId)).ShouldBe(["新待办：群众反映"]);
        // An appeal against a veto is the city's to decide.
        (await TitlesAsync(cityId)).ShouldBe(["新待办：申诉复核"]);
    }

    [Fact]
    public async Task TheRound_NewItemsOnTheNextDesk_AndDecisionsToTheCommunity()
    {
        var round = await Round.StartAsync(app, "110108");
        var code = round.CommunityCode;
        var (_, streetId) = await app.AccountAsync(ProgrammeRole.Street, code[..9]);
        var (_, districtId) = await app.AccountAsync(ProgrammeRole.District, code[..6]);
        var (_, communityId) = await app.AccountAsync(ProgrammeRole.Community, code);

        var id = await round.SubmittedAsync();
        await app.RunRemindersAsync();
        var street = (await app.NotificationsOfAsync(streetId)).Where(n => n.CommunityCode == code).ToList();
        var arrived = street.ShouldHaveSingleItem();
        (arrived.Kind, arrived.Title, arrived.Link).ShouldBe((NotificationKind.NewItem, "新待办：" + ApplicationStates.Name(ApplicationState.Submitted), $"/applications/{id}"));
        (await app.NotificationsOfAsync(communityId)).ShouldBeEmpty(); // its own submission is no news to it

        await (await round.Street.Step(id, "recommend", new { comment = "推荐" })).ShouldBe(HttpStatusCode.OK);
        await app.RunRemindersAsync();
        await app.RunRemindersAsync();
        var decision = (await app.NotificationsOfAsync(communityId)).ShouldHaveSingleItem();
        (decision.Kind, decision.Title).ShouldBe((NotificationKind.Decision, "街道推荐"));
        decision.Body.ShouldContain("推荐");
        var district = (await app.NotificationsOfAsync(districtId)).Where(n => n.CommunityCode == code).ToList();
        district.ShouldHaveSingleItem().Kind.ShouldBe(NotificationKind.NewItem);
        (await app.NotificationsOfAsync(streetId)).Count(n => n.CommunityCode == code).ShouldBe(1); // nothing new for the street
    }

    [Fact]
    public async Task AWaitingApplication_RemindsItsDesk_AsTheDaysToActRunOut()
    {
        var round = await Round.StartAsync(app, "110108");
        var code = round.CommunityCode;
        var (_, streetId) = await app.AccountAsync(ProgrammeRole.Street, code[..9]);
        var id = await round.SubmittedAsync();
        var deadline = Today.AddDays(7); // Wuyi:DaysToAct, counted as the 待办 list counts its overdue
        List<Notification> OfThis(List<Notification> all) => all.Where(n => n.Link == $"/applications/{id}").ToList();

        try
        {
            app.Clock.Advance(TimeSpan.FromDays(3));
            await app.RunRemindersAsync();
            OfThis(await app.NotificationsOfAsync(streetId)).ShouldAllBe(n => n.Kind == NotificationKind.NewItem); // 4 days left: nothing yet

            app.Clock.Advance(TimeSpan.FromDays(1));
            await app.RunRemindersAsync();
            await app.RunRemindersAsync();
            var soon = OfThis(await app.NotificationsOfAsync(streetId)).Where(n => n.Kind == NotificationKind.DueIn3Days).ShouldHaveSingleItem();
            soon.Key.ShouldBe(Reminders.DeadlineKey("application", id, deadline, NotificationKind.DueIn3Days));
            soon.Title.ShouldBe("待办将到期");

            app.Clock.Advance(TimeSpan.FromDays(4));
            await app.RunRemindersAsync();
            var overdue = OfThis(await app.NotificationsOfAsync(streetId)).Where(n => n.Kind == NotificationKind.Overdue).ShouldHaveSingleItem();
            overdue.Body.ShouldContain("已逾期 1 天");
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromDays(-8));
        }
    }

    [Fact]
    public async Task AFailedDelivery_IsRecorded_RetriedWithBackoff_ThenGivenUp()
    {
        var round = await Round.StartAsync(app, "110108");
        var failing = $"fail-{round.CommunityCode}@example.cn";
        var (_, id) = await app.AccountAsync(ProgrammeRole.Community, round.CommunityCode, failing);
        app.Sender.FailFor(failing, 100);
        await VetoDueAsync(round, Today.AddDays(3));

        await app.RunRemindersAsync();
        var notifications = await app.NotificationsOfAsync(id);
        notifications.Count.ShouldBe(3);
        var first = await app.DeliveriesOfAsync(id);
        first.Count.ShouldBe(3);
        first.ShouldAllBe(d => d.Outcome == DeliveryOutcome.Failed && d.Attempt == 1 && d.Address == failing && d.Channel == DeliveryChannel.Email);
        first[0].Error.ShouldBe("IOException: 模拟邮件服务器拒收：550 5.7.1 relay refused second line");
        (await app.NotificationsOfAsync(id)).ShouldAllBe(n => n.EmailState == EmailState.Pending && n.EmailAttempts == 1);

        await app.RunRemindersAsync(); // too soon: the first retry waits 5 minutes
        (await app.DeliveriesOfAsync(id)).Count.ShouldBe(3);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunRemindersAsync();
        (await app.DeliveriesOfAsync(id)).Count(d => d.Attempt == 2).ShouldBe(3);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunRemindersAsync(); // the second retry waits 10 minutes
        (await app.DeliveriesOfAsync(id)).Count.ShouldBe(6);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunRemindersAsync();
        var all = await app.DeliveriesOfAsync(id);
        all.Count.ShouldBe(9);
        all.ShouldAllBe(d => d.Outcome == DeliveryOutcome.Failed);
        (await app.NotificationsOfAsync(id)).ShouldAllBe(n => n.EmailState == EmailState.Failed && n.EmailAttempts == 3 && n.ReadAtUtc == null);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.RunRemindersAsync(); // given up: no fourth attempt
        (await app.DeliveriesOfAsync(id)).Count.ShouldBe(9);
        app.Sender.Logged.Sent.ShouldNotContain(m => m.To == failing);

        // The system administrator sees every attempt and what was given up (三权分立: its page, nobody else's).
        var (admin, key) = await Accounts.AccountTesting.AdministratorAsync(app, "system");
        var browser = await Accounts.AccountTesting.SignInWithCodeAsync(app, admin, key);
        (await browser.GetAsync("/system")).Document.QuerySelector("[data-testid=deliveries-link]")!.GetAttribute("href").ShouldBe("/notifications/deliveries");
        var (status, page) = await browser.GetAsync("/notifications/deliveries?failed=true");
        status.ShouldBe(HttpStatusCode.OK);
        var rows = page.QuerySelectorAll("[data-testid=deliveries] tbody tr").Where(r => r.TextContent.Contains(failing, StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(9);
        rows.ShouldAllBe(r => r.GetAttribute("data-outcome") == "Failed" && r.TextContent.Contains("550 5.7.1 relay refused"));
        rows.Count(r => r.TextContent.Contains("已放弃")).ShouldBe(9);
        int.Parse(page.QuerySelector("[data-testid=given-up]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(3);
        (await (await round.Community.GetAsync("/api/v1/notifications/deliveries")).Content.ReadAsStringAsync()).ShouldNotContain(failing);
    }

    [Fact]
    public async Task AFailureThenASuccess_SendsEachCopyOnce()
    {
        var round = await Round.StartAsync(app, "110108");
        var address = $"once-{round.CommunityCode}@example.cn";
        var (_, id) = await app.AccountAsync(ProgrammeRole.Community, round.CommunityCode, address);
        app.Sender.FailFor(address, 1); // the relay refuses the first message only
        await VetoDueAsync(round, Today.AddDays(3));

        await app.RunRemindersAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunRemindersAsync();
        await app.RunRemindersAsync();

        var notifications = await app.NotificationsOfAsync(id);
        notifications.ShouldAllBe(n => n.EmailState == EmailState.Sent);
        var deliveries = await app.DeliveriesOfAsync(id);
        deliveries.Count(d => d.Outcome == DeliveryOutcome.Sent).ShouldBe(notifications.Count);
        deliveries.Count(d => d.Outcome == DeliveryOutcome.Failed).ShouldBe(1);
        deliveries.GroupBy(d => d.NotificationId).ShouldAllBe(g => g.Count(d => d.Outcome == DeliveryOutcome.Sent) == 1);
        var sent = app.Sender.Logged.Sent.Where(m => m.To == address).ToList();
        sent.Count.ShouldBe(notifications.Count);
        sent.Select(m => m.Subject).ShouldBe(notifications.Select(n => "【无疫社区】" + n.Title), ignoreOrder: true);
        sent.ShouldAllBe(m => m.Body.Contains("/rectifications"));
    }
}

public sealed class NotificationTests_Sqlite(NotificationsSqliteApp app) : NotificationTests(app), IClassFixture<NotificationsSqliteApp>;

public sealed class NotificationTests_Postgres(NotificationsPostgresApp app) : NotificationTests(app), IClassFixture<NotificationsPostgresApp>;
