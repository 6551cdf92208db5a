using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.PublicSite;

namespace Wuyi.Web.Certificates;

/// <summary>
/// A certificate (认定证书) as printed and as verified: what it says (programme, community, number, batch, date, issuer) and
/// how it stands today (<see cref="CertificateStanding"/>, read live on every request).
/// </summary>
/// <param name="Programme">The programme's name, e.g. 北京市无疫社区（村）创建活动.</param>
/// <param name="Issuer">The issuing body, e.g. 北京市新冠肺炎疫情防控工作领导小组社区防控组 (as the batch lists are signed).</param>
public sealed record CertificateView(string Number, string Programme, string Issuer, string City, DivisionRef Community, CommunityKind Kind,
    DivisionRef Street, DivisionRef District, int BatchNumber, string BatchTitle, DateOnly CertifiedOn, CertificateStanding Standing)
{
    /// <summary>The community's full name: district, street and community (海淀区万寿路街道翠微路社区居委会).</summary>
    public string FullName => District.Name + Street.Name + Community.Name;

    /// <summary>社区 or 村, as the certificate addresses it.</summary>
    public string KindName => Kind == CommunityKind.Village ? "村" : "社区";
}

/// <summary>What the verification API answers (核验): the certificate and its live standing.</summary>
public sealed record CertificateVerification(string Number, CertificateStatus Status, string StatusName, DivisionRef Community, DivisionRef Street,
    DivisionRef District, int BatchNumber, DateOnly CertifiedOn, DateOnly? RevokedOn, string? RevocationKind, string? RevocationReason,
    DateOnly? RestoredOn, bool Rectifying, DateOnly? RectificationDeadline, string? Successor, DateOnly? SuccessorCertifiedOn, string VerifyUrl)
{
    public static CertificateVerification Of(CertificateView c, string verifyUrl) => new(c.Number, c.Standing.Status, c.Standing.StatusName,
        c.Community, c.Street, c.District, c.BatchNumber, c.CertifiedOn, c.Standing.RevokedOn, c.Standing.RevocationKind, c.Standing.RevocationReason,
        c.Standing.RestoredOn, c.Standing.Rectifying, c.Standing.RectificationDeadline, c.Standing.Successor, c.Standing.SuccessorCertifiedOn, verifyUrl);
}

/// <summary>Certificates of the programme's province, by number; the caller checks who may see which (the print view: scope).</summary>
public sealed class CertificateQueries(WuyiDbContext db, PublicQueries programme)
{
    /// <summary>The certificate with this number (as stored: <see cref="CertificateNumber.Normalise"/> first), or null.</summary>
    public async Task<CertificateView?> FindAsync(string number, CancellationToken ct)
    {
        var c = await db.Certifications.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, ct);
        if (c is null || !DivisionCode.Covers(programme.Programme, c.CommunityCode)) return null;
        var codes = new[] { c.CommunityCode, DivisionCode.StreetOf(c.CommunityCode), DivisionCode.DistrictOf(c.CommunityCode), programme.Programme };
        var places = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, ct);
        string Name(string code) => places.TryGetValue(code, out var d) ? d.Name : code;
        var batchTitle = await db.PublicationBatches.AsNoTracking().Where(b => b.Number == c.BatchNumber).Select(b => b.Title).FirstOrDefaultAsync(ct) ?? "";

        var vetoKind = c.RevokedByVetoId is { } vetoId
            ? await db.Vetoes.AsNoTracking().Where(v => v.Id == vetoId).Select(v => (VetoKind?)v.Kind).FirstOrDefaultAsync(ct)
            : null;
        var openTask = c.IsActive ? null : await db.RectificationTasks.AsNoTracking().FirstOrDefaultAsync(t => t.OpenForCommunity == c.CommunityCode, ct);
        var later = c.IsActive
            ? []
            : await db.Certifications.AsNoTracking().Where(x => x.CommunityCode == c.CommunityCode && x.CertifiedAtUtc > c.CertifiedAtUtc).ToListAsync(ct);
        var city = Name(programme.Programme);
        return new CertificateView(c.Number, IssuingBody.Programme(city), IssuingBody.CommunityPreventionGroup(city), city,
            new(c.CommunityCode, Name(c.CommunityCode)), places.TryGetValue(c.CommunityCode, out var community) ? community.Kind : CommunityKind.Community,
            new(DivisionCode.StreetOf(c.CommunityCode), Name(DivisionCode.StreetOf(c.CommunityCode))),
            new(DivisionCode.DistrictOf(c.CommunityCode), Name(DivisionCode.DistrictOf(c.CommunityCode))),
            c.BatchNumber, batchTitle, c.CertifiedOn, CertificateStanding.Of(c, vetoKind, openTask, later));
    }

    /// <summary>The community's latest certificate (standing or not), for the links beside it; null when it was never certified.</summary>
    public Task<string?> LatestNumberAsync(string communityCode, CancellationToken ct) =>
        db.Certifications.AsNoTracking().Where(c => c.CommunityCode == communityCode)
            .OrderByDescending(c => c.CertifiedAtUtc).Select(c => (string?)c.Number).FirstOrDefaultAsync(ct);
}

/// <summary>Where a certificate is printed and verified; the QR code that leads there.</summary>
public static class CertificateLinks
{
    /// <summary>The print view (signed in, in scope).</summary>
    public static string Print(string number, string? layout = null) =>
        "/certificates/" + Uri.EscapeDataString(number) + (layout is null ? "" : "?layout=" + Uri.EscapeDataString(layout));

    /// <summary>The print-ready PDF of the certificate or the plaque (signed in, in scope).</summary>
    public static string Pdf(string number, string? layout = null) =>
        "/certificates/" + Uri.EscapeDataString(number) + "?handler=pdf" + (layout is null ? "" : "&layout=" + Uri.EscapeDataString(layout));

    /// <summary>The same PDF through the API (a bearer token, in scope).</summary>
    public static string PdfApi(string number, string? layout = null) =>
        "/api/v1/certificates/" + Uri.EscapeDataString(number) + "/pdf" + (layout is null ? "" : "?layout=" + Uri.EscapeDataString(layout));

    /// <summary>The public verification page, site-relative.</summary>
    public static string Verify(string number) => "/public/verify/" + Uri.EscapeDataString(number);

    /// <summary>The verification API, site-relative.</summary>
    public static string VerifyApi(string number) => "/api/v1/public/certificates/" + Uri.EscapeDataString(number);

    /// <summary>
    /// The absolute address of the verification page, which the QR code holds: under <c>Wuyi:PublicBaseUrl</c> when it is set
    /// (a printed plaque outlives the request), else under the request's own scheme, host and path base.
    /// </summary>
    public static string VerifyUrl(this IOptions<WuyiOptions> options, HttpRequest request, string number) => VerifyUrl(options.PublicBase(request), number);

    public static string VerifyUrl(string baseUrl, string number) => baseUrl.TrimEnd('/') + Verify(number);

    /// <summary>
    /// The QR code of an address as inline SVG that scales to its box (no file, no request): error correction Q, so a plaque
    /// that is scratched or dirty still reads. The same address always gives the same SVG.
    /// </summary>
    public static string QrSvg(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
