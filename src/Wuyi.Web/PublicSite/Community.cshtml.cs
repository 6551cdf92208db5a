using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

[AllowAnonymous]
public sealed class CommunityModel(PublicQueries queries, DynamicQueries dynamic, Microsoft.Extensions.Options.IOptions<Infrastructure.WuyiOptions> options) : PageModel
{
    public CommunityStatus Community { get; private set; } = null!;

    /// <summary>The title that no longer stands (已取消认定), when the community has no standing one.</summary>
    public RevokedTitle? Revoked { get; private set; }

    /// <summary>The public story: listings, revocations and restorations with their public reasons.</summary>
    public IReadOnlyList<StoryEntry> Story { get; private set; } = [];

    /// <summary>This page's absolute address, under <c>Wuyi:PublicBaseUrl</c> when set (an embedded badge outlives the request).</summary>
    public string PageUrl => BaseUrl + "/public/communities/" + Uri.EscapeDataString(Community.Code);

    /// <summary>The status badge's absolute address, for the embed code.</summary>
    public string BadgeUrl => BaseUrl + CommunityBadge.Path(Community.Code);

    private string BaseUrl => options.PublicBase(Request);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await queries.CommunityAsync(code, ct) is not { } community) return NotFound();
        Community = community;
        Revoked = community.Status == PublicStatus.Certified ? null : await dynamic.RevokedTitleAsync(code, ct);
        Story = await dynamic.StoryAsync(null, code, publicOnly: true, ct);
        return Page();
    }
}
