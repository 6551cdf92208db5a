using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Applications;

namespace Wuyi.Web.PublicSite;

/// <summary>The certified list (认定名单) by district → street, with search.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.ListPage)]
public sealed class ListModel(PublicQueries queries) : PageModel
{
    [FromQuery] public string? District { get; set; }
    [FromQuery] public string? Q { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<CertifiedCommunity> Result { get; private set; } = null!;
    public IReadOnlyList<DivisionRef> Districts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Read as the cache key reads them (PublicOutputCache): spellings of one request get one page.
        District = DivisionCode.LevelOf(District?.Trim()) is DivisionLevel.District or DivisionLevel.Street ? District!.Trim() : null;
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        Result = await queries.CertifiedAsync(District, Q, null, PageNumber, 100, ct);
        Districts = await queries.DistrictsAsync(ct);
    }

    /// <summary>The list's download (the public API's, never cached): the filters shown.</summary>
    public string ExportLink => $"/api/v1/public/certified/export?district={District}&q={Uri.EscapeDataString(Q ?? "")}";

    public string PageLink(int page) => $"/public?district={District}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";
}
