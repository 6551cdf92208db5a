using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/applications/{id}/self-assessment: the community's 14 scores, the live total and the engine's preview.</summary>
public sealed class SelfAssessmentPage(IPage page) : SitePage(page)
{
    public static readonly IReadOnlyList<string> Codes = ["A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "C5"];

    /// <summary>The score box of an indicator, found by its label (which starts with the indicator's code).</summary>
    public ILocator Score(string code) => Page.GetByLabel(new Regex($"^\\s*{code}\\s"));

    /// <summary>The message beside an indicator's box when its score was refused.</summary>
    public ILocator ErrorFor(string code) => Page.Locator($".indicator[data-code='{code}'] > [data-valmsg-for='Scores[{code}]']");

    /// <summary>自评合计: the scores typed, summed as they are typed (out-of-range ones are not counted).</summary>
    public ILocator LiveSubtotal => Page.GetByTestId("live-subtotal");

    /// <summary>总分: the self-assessment less the 12345 deductions, from the server's engine.</summary>
    public ILocator LiveTotal => Page.GetByTestId("live-total");
    public ILocator Verdict => Page.GetByTestId("verdict");
    public ILocator ReturnReason => Page.GetByTestId("return-reason");
    public ILocator Note => Page.GetByLabel("补充说明（选填）");
    public ILocator SaveDraft => Page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" });
    public ILocator Submit => Page.GetByRole(AriaRole.Button, new() { Name = "提交申报" });

    public Guid ApplicationId => Guid.Parse(Regex.Match(Page.Url, "/applications/([0-9a-f-]{36})/").Groups[1].Value);

    /// <summary>The codes whose box is too narrow to show the score typed in it (the text scrolls inside the box).</summary>
    public Task<string[]> ClippedScoresAsync() => Page.EvaluateAsync<string[]>(
        "() => [...document.querySelectorAll('input.score')].filter(i => i.value !== '' && i.scrollWidth > i.clientWidth).map(i => i.id)");

    public async Task<SelfAssessmentPage> SaveDraftAsync()
    {
        await SaveDraft.ClickAsync();
        await Expect(Flash).ToHaveTextAsync("自评已保存");
        return this;
    }

    /// <summary>保存草稿 when a score is refused: the same form comes back with the messages.</summary>
    public async Task<SelfAssessmentPage> SaveDraftRefusedAsync()
    {
        await SaveDraft.ClickAsync();
        await Expect(Errors).ToBeVisibleAsync();
        return this;
    }

    /// <summary>提交申报: confirmed in its dialog, saves and submits; lands on the application's page.</summary>
    public async Task<ApplicationPage> SubmitAsync()
    {
        await Submit.ClickAsync();
        return await SubmitConfirmedAsync();
    }

    /// <summary>确认 in the dialog 提交申报 opened: lands on the application's page.</summary>
    public async Task<ApplicationPage> SubmitConfirmedAsync()
    {
        await ConfirmAsync("将提交 ");
        await Expect(Page).ToHaveURLAsync(new Regex("/applications/[0-9a-f-]{36}$"));
        var application = new ApplicationPage(Page);
        await Expect(application.Flash).ToHaveTextAsync(new Regex("^已提交 .+ 的申报（总分 .+ 分），等待 .+ 审核推荐$"));
        return application;
    }
}
