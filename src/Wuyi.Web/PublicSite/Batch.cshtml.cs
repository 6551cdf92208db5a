using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Publication;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// A published batch as the newspaper printed it: grouped by district, then street, frozen as published — a title revoked
/// later stays listed, marked beside the name (issue 13, item 3).
/// </summary>
[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.Policy)]
public sealed class BatchModel(PublicQueries queries) : PageModel
{
    public PublicationBatch Batch { get; private set; } = null!;
    public IReadOnlyList<BatchCommunity> Communities { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken ct)
    {
        if (await queries.BatchAsync(number, ct) is not { } batch) return NotFound();
        Batch = batch;
        Communities = await queries.BatchListAsync(number, ct);
        return Page();
    }
}
