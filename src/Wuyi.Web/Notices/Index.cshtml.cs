using Microsoft.AspNetCore.Mvc;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notices;

/// <summary>
/// A notice (通知书) as a print view on A4, readable on a phone: for the community it is addressed to and the officials over it;
/// outside one's subtree, or an unknown number, 404 (decision 0003). What it shows is what was issued, never composed again.
/// </summary>
public sealed class IndexModel(NoticeQueries notices) : WorkPageModel
{
    public NoticeView Notice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (await notices.FindAsync(Actor, number.Trim(), ct) is not { } found) return NotFound();
        Notice = found;
        return Page();
    }

    /// <summary>The same notice as print-ready PDF (<c>?handler=pdf</c>).</summary>
    public async Task<IActionResult> OnGetPdfAsync(string number, CancellationToken ct) =>
        await notices.FindAsync(Actor, number.Trim(), ct) is { } found ? NoticePdf.Download(found.Text) : NotFound();
}
