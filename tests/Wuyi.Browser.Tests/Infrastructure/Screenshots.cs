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
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
