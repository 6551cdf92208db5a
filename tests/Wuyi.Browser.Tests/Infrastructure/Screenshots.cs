using Microsoft.Playwright;

namespace Wuyi.Browser.Tests.Infrastructure;

/// <summary>PNG screenshots under artifacts/screenshots/ at the repository root (git-ignored), for people to look at.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wuyi.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException("Wuyi.sln not found above " + AppContext.BaseDirectory);
        var folder = Path.Combine(root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        foreach (var stale in System.IO.Directory.EnumerateFiles(folder, "failed-*.png")) File.Delete(stale); // from an earlier run
        return folder;
    });

    public static string Location => Folder.Value;

    /// <summary>Saves the whole page (or only what is in the window) as <c>name.png</c> and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(Folder.Value, name + ".png");
        var options = new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.ScreenshotAsync(options);
                return path;
            }
            // Chromium on a busy machine sometimes answers a capture with "Unable to capture screenshot" (seen in CI, on a page
            // fully shown): the picture is evidence for people, not what a test checks, so it is taken again.
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("Unable to capture screenshot", StringComparison.Ordinal))
            {
                await Task.Delay(500 * attempt);
            }
        }
    }
}
