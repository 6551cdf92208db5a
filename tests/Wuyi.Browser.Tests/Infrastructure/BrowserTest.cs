using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Wuyi.Browser.Tests.Pages;

namespace Wuyi.Browser.Tests.Infrastructure;

/// <summary>
/// A test's browser contexts, closed after it. <see cref="Journey"/> runs a test body and, when it fails,
/// saves a screenshot of every open page as artifacts/screenshots/failed-*.png before rethrowing.
/// </summary>
public abstract class BrowserTest(BrowserApp app) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _cspViolations = [];

    /// <summary>Reports every Content-Security-Policy violation to the console, where the test collects it.</summary>
    private const string ReportCspViolations =
        "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    protected BrowserApp App => app;

    /// <summary>A desk's screen of this size.</summary>
    protected static BrowserNewContextOptions Desk(int width, int height) => new()
    {
        ViewportSize = new ViewportSize { Width = width, Height = height },
        ReducedMotion = ReducedMotion.Reduce,
    };

    /// <summary>A phone (390×844, touch, a sharp screen): a community worker's or a resident's.</summary>
    protected static BrowserNewContextOptions Phone => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
        ReducedMotion = ReducedMotion.Reduce,
    };

    /// <summary>A page in a fresh context (no cookies): a new person at a new browser.</summary>
    protected async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await app.NewContextAsync(options);
        _contexts.Add(context);
        await context.AddInitScriptAsync(ReportCspViolations);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
                lock (_cspViolations) _cspViolations.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>A page in a fresh context, signed in as the account; it ends on the account's 待办 page.</summary>
    protected async Task<(IPage Page, WorkPage Work)> SignedInPageAsync(string userName, BrowserNewContextOptions? options = null)
    {
        var page = await NewPageAsync(options);
        var work = await new LoginPage(page).SignInAsync(userName);
        return (page, work);
    }

    protected async Task Journey(Func<Task> body, [CallerMemberName] string test = "")
    {
        try
        {
            await body();
            lock (_cspViolations) _cspViolations.ShouldBeEmpty(string.Join("\n", _cspViolations)); // a page that needs inline script is broken under the CSP
        }
        catch
        {
            var n = 0;
            foreach (var page in _contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed))
            {
                try { await Screenshots.SaveAsync(page, $"failed-{GetType().Name}-{test}-{++n}"); }
                catch (PlaywrightException) { /* the page may be gone; the original failure matters */ }
            }
            throw;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }
}
