using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Publication;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.PublicSite;

namespace Wuyi.Web.Certificates;

/// <summary>
/// The certificate (认定证书) and its plaque (牌匾, <c>?layout=plaque</c>) as a print view on A4: for the community itself and
/// the officials over it; outside one's subtree, 404 (decision 0003). Its QR code leads to the public verification page.
/// </summary>
public sealed class IndexModel(CertificateQueries certificates, PublicQueries programme, IOptions<WuyiOptions> options) : WorkPageModel
{
    public CertificateView Certificate { get; private set; } = null!;
    public bool Plaque { get; private set; }
    public string VerifyUrl { get; private set; } = "";
    public string QrSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string number, string? layout, CancellationToken ct)
    {
        var canonical = CertificateNumber.Normalise(number, programme.Programme);
        if (canonical is null || await certificates.FindAsync(canonical, ct) is not { } found || !Actor.Covers(found.Community.Code))
            return NotFound();
        Plaque = CertificatePdf.IsPlaque(layout);
        if (canonical != number) return Redirect(CertificateLinks.Print(canonical, Plaque ? "plaque" : null));
        Certificate = found;
        VerifyUrl = options.VerifyUrl(Request, found.Number);
        QrSvg = CertificateLinks.QrSvg(VerifyUrl);
        return Page();
    }

    /// <summary>The same certificate or plaque as a print-ready PDF (<c>?handler=pdf</c>).</summary>
    public async Task<IActionResult> OnGetPdfAsync(string number, string? layout, CancellationToken ct)
    {
        var canonical = CertificateNumber.Normalise(number, programme.Programme);
        if (canonical is null || await certificates.FindAsync(canonical, ct) is not { } found || !Actor.Covers(found.Community.Code))
            return NotFound();
        return CertificatePdf.Download(found, options.VerifyUrl(Request, found.Number), CertificatePdf.IsPlaque(layout));
    }
}
