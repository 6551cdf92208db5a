using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// 查找社区（村）: a resident types part of a name and sees every matching community with its status, certified or not.
/// Not cached: an application under way (申报中) does not move the public list's version.
/// </summary>
[AllowAnonymous]
public sealed class SearchModel(PublicQueries queries) : PageModel
{
    [FromQuery] public string? Q { get; set; }

    public IReadOnlyList<CommunityStatus> Found { get; private set; } = [];
    public bool More { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        if (Q is not null) (Found, More) = await queries.SearchAsync(Q, ct);
    }

    public static string BadgeFor(PublicStatus status) => status switch
    {
        PublicStatus.Certified => "text-bg-success",
        PublicStatus.Applying => "text-bg-info",
        PublicStatus.Revoked => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
