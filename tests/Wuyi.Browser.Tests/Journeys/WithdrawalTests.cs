using System.Text.RegularExpressions;
using Wuyi.Browser.Tests.Infrastructure;
using Wuyi.Browser.Tests.Pages;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>A community withdraws its submitted application: the dialog says what withdrawing does first, the page what it did.</summary>
public sealed class WithdrawalTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Withdrawing_AsksInTheDialog_WhatItWillDo_ThenSaysWhatHappened() => Journey(async () =>
    {
        var (code, name) = await App.CommunityInAsync("110108002");
        var account = await App.CreateAccountAsync(ProgrammeRole.Community, code);
        using var api = await App.ApiAsAsync(account);
        var id = await api.SubmitAsync(ApiClient.Scores());

        var (page, _) = await SignedInPageAsync(account);
        var application = await new ApplicationPage(page).OpenAsync(id);
        await Expect(application.State).ToHaveTextAsync("待街道推荐");

        // 取消 in the dialog changes nothing.
        await application.Withdraw.ClickAsync();
        await Expect(application.ConfirmDialog).ToBeVisibleAsync();
        await application.ConfirmDialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(application.ConfirmDialog).ToHaveCountAsync(0);
        await Expect(application.State).ToHaveTextAsync("待街道推荐");

        await application.Withdraw.ClickAsync();
        await application.ConfirmAsync($"将撤回 {name} 的申报，");
        application.LastConsequences!.ShouldContain("本次申报就此结束，撤回后不能恢复");
        application.LastConsequences!.ShouldContain("可以另行发起新的申报");
        await Expect(application.Flash).ToHaveTextAsync(new Regex($"^已撤回 {Regex.Escape(name)} 的申报，本次申报已结束"));
        await Expect(application.State).ToHaveTextAsync("已撤回");
    });
}
