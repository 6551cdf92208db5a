using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/evaluation/{id}: the district's own scores beside the self-assessment, findings and the decision.</summary>
public sealed class EvaluationPage(IPage page) : SitePage(page)
{
    public ILocator Score(string code) => Page.GetByLabel(new Regex($"^\\s*{code}\\s"));

    /// <summary>The line under the heading: street · code · 状态：… · 自评 … 分.</summary>
    public ILocator StatusLine => Page.Locator("main p").Filter(new() { HasText = "状态：" });

    public ILocator Explanation => Page.GetByTestId("explanation");
    public ILocator Findings => Page.GetByLabel("现场复核意见");
    public ILocator Comment => Page.GetByLabel(new Regex("^总体意见"));
    public ILocator Save => Page.GetByRole(AriaRole.Button, new() { Name = "保存评分" });
    public ILocator Approve => Page.GetByRole(AriaRole.Button, new() { Name = "评定通过" });

    /// <summary>复制自评分数: fills the (initially empty) form from the self-assessment, on purpose.</summary>
    public ILocator CopySelf => Page.GetByRole(AriaRole.Button, new() { Name = "复制自评分数" });

    /// <summary>The finding box (评定意见) beside an indicator's score; open and required where the score is below the claim.</summary>
    public ILocator Finding(string code) => Page.GetByTestId($"finding-{code}");

    /// <summary>The words saying the finding is required (低于自评，必填), shown only while the score is below the claim.</summary>
    public ILocator FindingRequired(string code) => Page.Locator($"tr[data-code='{code}'] .finding-required");

    /// <summary>The message beside an indicator's finding box after a refusal.</summary>
    public ILocator FindingError(string code) => Page.GetByTestId($"finding-error-{code}");

    /// <summary>The words beside an indicator whose score differs from the self-assessment (≠ 低于自评 1 分).</summary>
    public ILocator Difference(string code) => Page.GetByTestId($"diff-{code}");

    public async Task<EvaluationPage> OpenAsync(Guid id)
    {
        await Page.GotoAsync($"evaluation/{id}");
        await Expect(Heading).ToContainTextAsync("复核评定");
        return this;
    }

    public async Task<EvaluationPage> SaveAsync()
    {
        await Save.ClickAsync();
        await Expect(Flash).ToHaveTextAsync("评分已保存");
        return this;
    }

    public async Task<ApplicationPage> ApproveAsync()
    {
        await Approve.ClickAsync();
        await ConfirmAsync("将评定 ");
        await Expect(Page).ToHaveURLAsync(new Regex("/applications/[0-9a-f-]{36}$"));
        var application = new ApplicationPage(Page);
        await Expect(application.Flash).ToHaveTextAsync(new Regex("^已评定通过：.+，已报市社区防控组备案$"));
        return application;
    }
}
