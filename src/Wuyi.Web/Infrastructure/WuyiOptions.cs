using System.Net;
using Wuyi.Domain.Divisions;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// The top-level <c>Wuyi:*</c> settings; each area has its own class for its section (<c>Wuyi:Accounts</c>,
/// <c>Wuyi:Audit</c>, <c>Wuyi:Uploads</c>, <c>Wuyi:Hotline</c>).
/// </summary>
public sealed class WuyiOptions : ISettings
{
    public const string Section = "Wuyi";

    /// <summary>The programme's province-level node (北京市 = 11): the tree imported on first start, the public lists' scope.</summary>
    public string Province { get; set; } = "11";

    /// <summary>Days an application may wait for its next step before the to-do list calls it overdue.</summary>
    public int DaysToAct { get; set; } = 7;

    /// <summary>Import the province's division tree on start when the database has none of it.</summary>
    public bool ImportDivisionsOnStart { get; set; } = true;

    /// <summary>The folder of division files; null: the shipped ones (DivisionImporter.DefaultSource).</summary>
    public string? DivisionSource { get; set; }

    /// <summary>Create the demo accounts on start (<c>--demo</c> turns it on).</summary>
    public bool SeedDemoAccounts { get; set; }

    /// <summary>Create the demo programme (演示数据: batches, vetoes, rectifications, a round under way) on first start; <c>--demo</c> turns it on.</summary>
    public bool SeedDemoProgramme { get; set; }

    /// <summary>The folder of <c>pg_dump</c>/<c>pg_restore</c>; null: the newest Debian server folder, else the PATH.</summary>
    public string? PostgresBin { get; set; }

    /// <summary>Reverse proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed (AccountsSetup).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Anonymous downloads of the public lists and statistics per client IP per minute (PublicExport.RateLimit).</summary>
    public int PublicDownloadsPerMinutePerIp { get; set; } = 30;

    /// <summary>
    /// The public site's address as residents reach it (<c>https://wuyi.beijing.gov.cn</c>), for the QR codes on certificates:
    /// a printed plaque outlives the request that printed it. Null: the address of the request (scheme, host, path base).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<string?> Problems()
    {
        if (DivisionCode.LevelOf(Province) != DivisionLevel.Province)
            yield return $"配置项 Wuyi:Province 应为两位省级区划代码，如北京市 11（当前为“{Province}”）";
        yield return Settings.AtLeast("Wuyi:DaysToAct", DaysToAct, 1);
        yield return Settings.AtLeast("Wuyi:PublicDownloadsPerMinutePerIp", PublicDownloadsPerMinutePerIp, 1);
        if (PublicBaseUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                && uri.Query.Length == 0 && uri.Fragment.Length == 0))
            yield return $"配置项 Wuyi:PublicBaseUrl 应为 http(s) 开头的完整网址，如 https://wuyi.example.gov.cn（当前为“{url}”）";
        for (var i = 0; i < KnownProxies.Length; i++)
            if (!IPAddress.TryParse(KnownProxies[i], out _))
                yield return $"配置项 Wuyi:KnownProxies:{i} 应为 IP 地址（当前为“{KnownProxies[i]}”）";
    }
}

/// <summary>The public site's address for what outlives a request (a printed QR code, an embedded badge, a notice's link).</summary>
public static class PublicSiteAddress
{
    /// <summary><c>Wuyi:PublicBaseUrl</c> when it is set, else the request's own scheme, host and path base; no trailing slash.</summary>
    public static string PublicBase(this Microsoft.Extensions.Options.IOptions<WuyiOptions> options, HttpRequest request) =>
        (options.Value.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}").TrimEnd('/');
}
