using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Publication;
using Wuyi.Web.Certificates;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// 证书核验: where a certificate's QR code leads. The live standing in large type — 有效, 已取消认定 (with the day and the kind
/// of reason; 整改中 beside it), 已重新认定 — cached per version of the public list, which every change to a certification
/// (and a rectification opening or closing) moves: a plaque on a wall never outlives its revocation.
/// A number that does not exist says so, with a 404 and a box to type it again.
/// </summary>
[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.Policy)]
public sealed class VerifyModel(CertificateQueries certificates, PublicQueries programme) : PageModel
{
    public string Number { get; private set; } = "";
    public CertificateView? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        Number = number;
        var canonical = CertificateNumber.Normalise(number, programme.Programme);
        if (canonical is not null && canonical != number) return Redirect(CertificateLinks.Verify(canonical)); // typed another way: one URL, one cache entry
        Certificate = canonical is null ? null : await certificates.FindAsync(canonical, ct);
        if (Certificate is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
