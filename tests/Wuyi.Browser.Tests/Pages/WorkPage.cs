using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wuyi.Domain.Applications;
using static Microsoft.Playwright.Assertions;

namespace Wuyi.Browser.Tests.Pages;

/// <summary>/work: 待办 — the community's own application, or an official's to-do cards and units.</summary>
public sealed class WorkPage(IPage page) : SitePage(page)
{
    /// <summary>The community's open application's state.</summary>
    public ILocator OwnState => Page.GetByTestId("own-state");

    /// <summary>An official's to-do card for applications waiting in a state.</summary>
    public ILocator Todo(ApplicationState state) => Page.GetByTestId($"todo-{state}");

    public async Task<WorkPage> OpenAsync()
    {
        await Page.GotoAsync("work");
        await Expect(Heading).ToHaveTextAsync("待办");
        return this;
    }

    /// <summary>开始自评: starts a draft and opens its form.</summary>
    public async Task<SelfAssessmentPage> StartSelfAssessmentAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "开始自评" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/applications/[0-9a-f-]{36}/self-assessment$"));
        return new SelfAssessmentPage(Page);
    }

    /// <summary>Opens the queue behind a to-do card.</summary>
    public async Task<QueuePage> OpenTodoAsync(ApplicationState state)
    {
        await Todo(state).ClickAsync();
        var queue = new QueuePage(Page);
        await Expect(queue.Heading).ToHaveTextAsync("申报");
        return queue;
    }
}
