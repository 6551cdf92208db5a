using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;
using Wuyi.Web.Certificates;

namespace Wuyi.Web.PublicSite;

/// <summary>What a community's badge says: the live standing of its latest certificate, or that it holds none.</summary>
public enum BadgeStatus
{
    Valid,        // 有效
    Rectifying,   // 已取消认定·整改中: revoked, its rectification open
    Revoked,      // 已取消认定
    NotCertified, // 未认定 (also while an application is under way: the badge speaks of the title only)
    Unknown,      // no such community (404)
}

/// <summary>
/// 认定状态徽章: a small SVG in the shape of a shields.io badge (<c>无疫社区 | 有效</c>) that anyone may embed, always showing the
/// community's live status. The status is not computed here: it is the standing of the community's latest certificate as the
/// verification page reads it (<see cref="CertificateStanding"/>), so the badge, the verification page and the community's
/// public page agree. Output-cached by the public list's version, which every change to a certification and every
/// rectification opening or closing moves (decisions 0011, 0012): a revocation shows on the very next request.
/// </summary>
public static class CommunityBadge
{
    public const string Type = "image/svg+xml; charset=utf-8";

    public static string Path(string code) => "/public/communities/" + Uri.EscapeDataString(code) + "/badge.svg";

    public static IEndpointRouteBuilder MapCommunityBadge(this IEndpointRouteBuilder app)
    {
        app.MapGet("/public/communities/{code}/badge.svg", async (string code, PublicQueries queries, CertificateQueries certificates, HttpContext http, CancellationToken ct) =>
            {
                var community = await queries.CommunityAsync(code, ct);
                var status = community is null ? BadgeStatus.Unknown : StatusOf(await LatestStandingAsync(certificates, code, ct));
                var svg = Svg(community, status);
                // Browsers and proxies revalidate every time; the server's cache answers until the list's version moves.
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..32] + "\"";
                return Results.Text(svg, Type, Encoding.UTF8, status == BadgeStatus.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
            })
            .AllowAnonymous()
            .CacheOutput(PublicOutputCache.Policy)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<CertificateStanding?> LatestStandingAsync(CertificateQueries certificates, string code, CancellationToken ct) =>
        await certificates.LatestNumberAsync(code, ct) is { } number && await certificates.FindAsync(number, ct) is { } certificate ? certificate.Standing : null;

    /// <summary>The badge's word for a standing (the latest certificate's; null when there is none).</summary>
    public static BadgeStatus StatusOf(CertificateStanding? latest) => latest switch
    {
        null => BadgeStatus.NotCertified,
        { Status: CertificateStatus.Valid } => BadgeStatus.Valid,
        { Status: CertificateStatus.Revoked, Rectifying: true } => BadgeStatus.Rectifying,
        { Status: CertificateStatus.Revoked } => BadgeStatus.Revoked,
        _ => BadgeStatus.NotCertified, // CertifiedAgain: a later certificate is the latest, never this one
    };

    public static (string Text, string Colour) Describe(BadgeStatus status) => status switch
    {
        // White text on each colour reaches WCAG AA (4.5:1).
        BadgeStatus.Valid => ("有效", "#1a7f37"),
        BadgeStatus.Rectifying => ("已取消认定·整改中", "#cf222e"), // the title is gone: said first, as the verification page does
        BadgeStatus.Revoked => ("已取消认定", "#cf222e"),
        BadgeStatus.NotCertified => ("未认定", "#6e7781"),
        _ => ("无此社区", "#6e7781"),
    };

    private const double FontSize = 12, Padding = 6, Height = 20;

    /// <summary>
    /// Width of a text at 12 px: a Chinese character (and any full-width form) is one em, other characters about 0.6 em. Each
    /// text is also given its <c>textLength</c>, so that whatever font the viewer has it fills exactly the space measured.
    /// </summary>
    public static double TextWidth(string text) => text.Sum(c => c >= '\u2E80' ? FontSize : FontSize * 0.6);

    public static string Svg(CommunityStatus? community, BadgeStatus status)
    {
        var label = community?.Kind == CommunityKind.Village ? "无疫村" : "无疫社区";
        var (value, colour) = Describe(status);
        double labelText = TextWidth(label), valueText = TextWidth(value);
        double left = labelText + 2 * Padding, right = valueText + 2 * Padding, width = left + right;
        var title = community is null
            ? "无疫社区（村）认定状态：无此社区（村）"
            : $"{community.Name}（{community.District.Name}{community.Street.Name}）无疫社区（村）认定状态：{value}";
        string N(double x) => x.ToString("0.#", CultureInfo.InvariantCulture);
        var t = SecurityElement.Escape(title);
        return $"""<svg xmlns="http://www.w3.org/2000/svg" width="{N(width)}" height="{N(Height)}" viewBox="0 0 {N(width)} {N(Height)}" role="img" aria-label="{t}">"""
            + $"<title>{t}</title>"
            + """<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"""
            + $"""<clipPath id="r"><rect width="{N(width)}" height="{N(Height)}" rx="3" fill="#fff"/></clipPath>"""
            + $"""<g clip-path="url(#r)"><rect width="{N(left)}" height="{N(Height)}" fill="#555"/><rect x="{N(left)}" width="{N(right)}" height="{N(Height)}" fill="{colour}"/>"""
            + $"""<rect width="{N(width)}" height="{N(Height)}" fill="url(#s)"/></g>"""
            + $"""<g fill="#fff" text-anchor="middle" font-family="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif" font-size="{N(FontSize)}">"""
            + $"""<text x="{N(left / 2)}" y="14" textLength="{N(labelText)}" lengthAdjust="spacingAndGlyphs">{label}</text>"""
            + $"""<text x="{N(left + right / 2)}" y="14" textLength="{N(valueText)}" lengthAdjust="spacingAndGlyphs" data-status="{status}">{value}</text>"""
            + "</g></svg>";
    }
}
