using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using Wuyi.Web.Notifications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// 提醒 on a phone: after a veto, the community's worker sees the unread count in the header without opening the menu,
/// reads the reminders, marks them read and follows one to its rectification. Screenshots: notifications-*-phone.png.
/// </summary>
public sealed class NotificationPhoneTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task TheCommunity_SeesItsReminders_OnAPhone_AndReadsThem() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108004");
        var worker = await App.CreateAccountAsync(ProgrammeRole.Community, code);
        var (desk, _) = await SignedInPageAsync(await App.CreateAccountAsync(ProgrammeRole.District, "110108"));
        await new NewVetoPage(desk).RecordMediaExposureAsync(code, name);

        // The job runs every 15 minutes; here it runs now (again if the scheduler's own run held the turn).
        for (var ran = false; !ran;)
        {
            await using var scope = App.Services.CreateAsyncScope();
            ran = (await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(CancellationToken.None)).Ran;
        }

        var (phone, _) = await SignedInPageAsync(worker, Phone);
        var count = phone.Locator("[data-testid=menu-notifications] [data-testid=unread-count]");
        await Expect(count).ToBeVisibleAsync(); // on a phone too, without opening the menu
        await Expect(count).ToHaveTextAsync(new Regex("^2"));
        await Screenshots.SaveAsync(phone, "notifications-count-phone");

        await phone.Locator("[data-testid=menu-notifications] a").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/notifications$"));
        await Expect(phone.Locator("[data-testid=notification][data-unread=true]")).ToHaveCountAsync(2);
        (await phone.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")).ShouldBeTrue("no sideways scrolling");
        await Screenshots.SaveAsync(phone, "notifications-list-phone");

        await phone.GetByRole(AriaRole.Button, new() { Name = "全部标为已读" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToHaveTextAsync("已将 2 条提醒标为已读");
        await Expect(phone.Locator("[data-testid=notification][data-unread=true]")).ToHaveCountAsync(0);
        await Expect(count).ToHaveCountAsync(0);

        await phone.GetByRole(AriaRole.Link, new() { Name = "督促整改" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/rectifications/[0-9a-f-]{36}$"));
    });
}
