using Microsoft.Playwright;
using Wuyi.Browser.Tests.Infrastructure;

namespace Wuyi.Browser.Tests.Journeys;

/// <summary>
/// The basics that let everyone use the main pages: the page's language, one h1, every form field with a
/// label, every button and link with a name, and a keyboard user's first Tab reaching the skip link.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string Audit = """
        () => {
          const problems = [];
          if (document.documentElement.lang !== 'zh-CN') problems.push('html lang is ' + document.documentElement.lang);
          const h1 = document.querySelectorAll('h1').length;
          if (h1 !== 1) problems.push(h1 + ' h1 elements');
          for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]')) || el.closest('label')
              || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            if (!labelled) problems.push('field without a label: ' + (el.name || el.outerHTML.slice(0, 80)));
          }
          for (const el of document.querySelectorAll('button, a[href]')) {
            if (!el.textContent.trim() && !el.getAttribute('aria-label')) problems.push('control without a name: ' + el.outerHTML.slice(0, 80));
          }
          for (const img of document.querySelectorAll('img:not([alt])')) problems.push('image without alt: ' + img.src);
          return problems;
        }
        """;

    [Fact]
    public Task MainPages_HaveLanguageHeadingLabelsAndNames() => Journey(async () =>
    {
        var anonymous = await NewPageAsync();
        // The audit itself finds faults: a page in English with no heading and a bare field has four (language, heading, label, button name).
        await anonymous.SetContentAsync("<html lang='en'><body><input name='score'><button></button></body></html>");
        (await anonymous.EvaluateAsync<string[]>(Audit)).Length.ShouldBe(4);

        foreach (var path in new[] { "", "public", "public/responsibilities", "public/batches", "account/login", "public/communities/110108001001", "public/statistics", "public/data" })
            await AuditAsync(anonymous, path);

        await KeyboardReachesTheSkipLinkFirstAsync(anonymous);

        var (community, work) = await SignedInPageAsync("community");
        await AuditAsync(community, "work");
        await work.StartSelfAssessmentAsync();
        await AuditAsync(community, null); // the self-assessment form itself

        foreach (var (user, paths) in new[]
                 {
                     ("street", new[] { "work", "applications" }),
                     ("district", new[] { "work", "applications?state=Recommended", "dashboards" }),
                     ("city", new[] { "work", "publication", "dashboards" }),
                 })
        {
            var (page, _) = await SignedInPageAsync(user);
            foreach (var path in paths) await AuditAsync(page, path);
        }
    });

    private static async Task AuditAsync(IPage page, string? path)
    {
        if (path is not null) await page.GotoAsync(path);
        var problems = await page.EvaluateAsync<string[]>(Audit);
        problems.ShouldBeEmpty($"{page.Url}: {string.Join("; ", problems)}");
    }

    private static async Task KeyboardReachesTheSkipLinkFirstAsync(IPage page)
    {
        await page.GotoAsync("public");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''")).ShouldBe("跳到正文");
    }
}
