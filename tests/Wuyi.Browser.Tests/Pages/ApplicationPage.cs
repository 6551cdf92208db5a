using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/applications/{id}: one application, its scores, its record, and the steps the viewer may take.</summary>
public sealed class ApplicationPage(IPage page) : SitePage(page)
{
    public ILocator State => Page.GetByTestId("state");
    public ILocator History => Page.GetByTestId("history");
    public ILocator Explanation => Page.GetByTestId("explanation");

    /// <summary>The street's comment box (意见, optional to recommend, required to return).</summary>
    public ILocator Comment => Page.GetByLabel(new Regex("^意见"));
    public ILocator Recommend => Page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true });
    public ILocator Return => Page.GetByRole(AriaRole.Button, new() { Name = "退回修改" });
    public ILocator Evaluate => Page.GetByRole(AriaRole.Link, new() { Name = "复核评定" });

    /// <summary>撤回申报 (the community, before the street's review).</summary>
    public ILocator Withdraw => Page.GetByRole(AriaRole.Button, new() { Name = "撤回申报" });

    public Guid Id => Guid.Parse(Regex.Match(Page.Url, "/applications/([0-9a-f-]{36})").Groups[1].Value);

    public async Task<ApplicationPage> OpenAsync(Guid id)
    {
        await Page.GotoAsync($"applications/{id}");
        await Expect(State).ToBeVisibleAsync();
        return this;
    }

    public async Task<ApplicationPage> RecommendAsync(string comment)
    {
        await Comment.FillAsync(comment);
        await Recommend.ClickAsync();
        await ConfirmAsync("将推荐 ");
        await Expect(Flash).ToHaveTextAsync(new Regex("^已推荐 .+，等待 .+ 社区防控组复核评定$"));
        return this;
    }

    /// <summary>复核评定 (district): opens the evaluation form.</summary>
    public async Task<EvaluationPage> OpenEvaluationAsync()
    {
        await Evaluate.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/evaluation/[0-9a-f-]{36}$"));
        return new EvaluationPage(Page);
    }
}
