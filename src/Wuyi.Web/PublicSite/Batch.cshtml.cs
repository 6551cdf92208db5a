using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Common;
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
    public string Issuer { get; private set; } = "";

    /// <summary>文号 of the batch's publication notice (公布通知).</summary>
    public string NoticeNumber { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken ct)
    {
        if (await queries.BatchAsync(number, ct) is not { } batch) return NotFound();
        Batch = batch;
        Issuer = IssuingBody.CommunityPreventionGroup(await queries.CityAsync(ct));
        NoticeNumber = ProgrammeDocuments.BatchNoticeNumber(queries.Programme, batch.PublishedOn, batch.Number);
        Communities = await queries.BatchListAsync(number, ct);
        return Page();
    }
}
