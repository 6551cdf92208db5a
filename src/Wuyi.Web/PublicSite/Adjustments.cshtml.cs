using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;

namespace Wuyi.Web.PublicSite;

/// <summary>动态调整: revocations and restorations, newest first, with the public reason.</summary>
/// <remarks>Both move the public list's version, so the cached page is never stale.</remarks>
[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.Paged)]
public sealed class AdjustmentsModel(DynamicQueries queries, PublicQueries publicQueries) : PageModel
{
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<Adjustment> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await queries.AdjustmentsAsync(publicQueries.Programme, PageNumber, 50, ct);
}
