using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Web.Applications;

namespace Wuyi.Web.PublicSite;

[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.Policy)]
public sealed class HomeModel(PublicQueries queries) : PageModel
{
    public Summary Summary { get; private set; } = null!;
    public IReadOnlyList<DivisionRef> Districts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Summary = await queries.SummaryAsync(ct);
        Districts = await queries.DistrictsAsync(ct);
    }
}
