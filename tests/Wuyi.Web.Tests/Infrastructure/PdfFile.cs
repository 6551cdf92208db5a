using System.Diagnostics;
using SkiaSharp;

namespace Wuyi.Web.Tests.Infrastructure;

/// <summary>
/// A PDF as a reader sees it, through poppler's tools (Debian's <c>poppler-utils</c>, which scripts/test.sh installs): its
/// text as <c>pdftotext</c> extracts it, and its pages as <c>pdftoppm</c> renders them. Every file read is also kept under
/// artifacts/documents, as the samples the closing note names.
/// </summary>
public sealed class PdfFile
{
    private static readonly string Samples = System.IO.Path.Combine(Resilience.AppProcess.WebProject, "..", "..", "artifacts", "documents");

    private PdfFile(string path, string text, int pages)
    {
        Path = path;
        Text = text;
        Pages = pages;
    }

    public string Path { get; }

    /// <summary>The text, with the spaces and line breaks pdftotext puts between runs taken out, so a name broken across runs still reads whole.</summary>
    public string Text { get; }

    public int Pages { get; }

    public static async Task<PdfFile> ReadAsync(byte[] bytes, string sampleName)
    {
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        Directory.CreateDirectory(Samples);
        var path = System.IO.Path.Combine(Samples, sampleName + ".pdf");
        await File.WriteAllBytesAsync(path, bytes);
        var (_, text) = await RunAsync("pdftotext", "-enc", "UTF-8", path, "-");
        var (_, info) = await RunAsync("pdfinfo", path);
        var pages = int.Parse(info.Split('\n').First(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return new PdfFile(path, string.Concat(text.Where(c => !char.IsWhiteSpace(c))), pages);
    }

    /// <summary>Page <paramref name="page"/> rendered to PNG (kept beside the PDF): its size in pixels and the share of pixels that are not white.</summary>
    public async Task<(int Width, int Height, double Ink)> RenderAsync(int page = 1, int dpi = 50)
    {
        var prefix = System.IO.Path.ChangeExtension(Path, null) + "-page" + page;
        await RunAsync("pdftoppm", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-singlefile", Path, prefix);
        using var bitmap = SKBitmap.Decode(prefix + ".png");
        var ink = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 230) ink++;
            }
        return (bitmap.Width, bitmap.Height, (double)ink / (bitmap.Width * bitmap.Height));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is missing: install Debian's poppler-utils (scripts/test.sh does)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {await error}");
            return (process.ExitCode, await output);
        }
    }
}
