using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wuyi.Web.PublicSite;

[AllowAnonymous]
public sealed class CommunityModel(PublicQueries queries) : PageModel
{
    public CommunityStatus Community { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await queries.CommunityAsync(code, ct) is not { } community) return NotFound();
        Community = community;
        return Page();
    }
}
