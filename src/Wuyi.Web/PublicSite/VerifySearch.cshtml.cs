using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Publication;
using Wuyi.Web.Certificates;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// 证书核验 by a typed number: sends a readable number to its (cached) verification page, whatever its spelling. Not cached
/// itself: its answer depends on <c>q</c>.
/// </summary>
[AllowAnonymous]
public sealed class VerifySearchModel(PublicQueries programme) : PageModel
{
    public string? Query { get; private set; }

    public IActionResult OnGet(string? q)
    {
        Query = q?.Trim();
        if (string.IsNullOrEmpty(Query)) return Page();
        if (CertificateNumber.Normalise(Query, programme.Programme) is { } number) return Redirect(CertificateLinks.Verify(number));
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
