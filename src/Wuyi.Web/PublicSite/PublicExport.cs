using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

/// <summary>The certified list (认定名单) and a batch as files anyone may download, from the public pages and the API alike.</summary>
public static class PublicExport
{
    /// <summary>
    /// Anonymous downloads per client IP: each is a whole list read and an audit record, so a crawler could otherwise
    /// fill the audit trail and keep the database busy. Pages and the paged API are output-cached and not limited.
    /// </summary>
    public const string RateLimit = "public-download";

    public static readonly RateLimitRefusal RateLimitRefusal = new("下载过于频繁", "来自您所在网络的下载过多，请 1 分钟后再试", "too-many-downloads");

    public static void AddRateLimit(RateLimiterOptions options, int perMinute) =>
        options.AddPolicy(RateLimit, http => IsDownload(http.Request)
            ? ClientRateLimits.PerClientPerMinute(http, perMinute)
            : RateLimitPartition.GetNoLimiter("page"));

    // The statistics page carries the policy for its table downloads (?handler=table); the page itself is not a download.
    private static bool IsDownload(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || string.Equals(request.Query["handler"], "table", StringComparison.OrdinalIgnoreCase);

    public static readonly TableExport<CertifiedCommunity> Certified = CertifiedColumns(new TableExport<CertifiedCommunity>("认定名单", "认定名单"));

    /// <summary>A batch as published: the certified list's columns, then what became of each title since (revoked ones stay listed).</summary>
    public static readonly TableExport<BatchCommunity> Batch = CertifiedColumns(new TableExport<BatchCommunity>("公布批次", "公布批次"))
        .Text("现状", c => c.StandingName, 12)
        .Date("取消认定日期", c => c.RevokedOn, 14)
        .Date("恢复认定日期", c => c.RestoredOn, 14)
        .Number("重新认定批次", c => c.CertifiedAgainInBatch, 12);

    /// <summary>
    /// The certified list's columns, once: the page's export heads them in Chinese, the open dataset (<see cref="OpenDataset"/>)
    /// by their field names, which are its published schema (a field is never renamed or dropped within a schema version).
    /// </summary>
    private static TableExport<T> CertifiedColumns<T>(TableExport<T> table) where T : ICertifiedRow => table
        .Text("区划代码", c => c.Code, 15).Field("code", "社区（村）的 12 位统计用区划代码，唯一标识", "110108001001")
        .Text("社区（村）", c => c.Name, 24).Field("name", "社区居委会或村委会的名称", "翠微路社区居委会")
        .Text("类别", c => KindName(c.Kind), 6).Field("kind", "“社区”或“村”", "社区")
        .Text("街道（乡镇）", c => c.Street.Name, 18).Field("streetName", "所属街道办事处或乡镇的名称", "万寿路街道")
        .Text("街道代码", c => c.Street.Code, 12).Field("streetCode", "所属街道（乡镇）的 9 位区划代码", "110108001")
        .Text("区", c => c.District.Name, 10).Field("districtName", "所属区的名称", "海淀区")
        .Text("区代码", c => c.District.Code, 9).Field("districtCode", "所属区的 6 位区划代码", "110108")
        .Number("公布批次", c => c.BatchNumber).Field("batchNumber", "列入名单的公布批次（整数）", "1")
        .Date("认定日期", c => c.CertifiedOn).Field("certifiedOn", "认定（公布）日期，北京时间，格式 YYYY-MM-DD", "2022-06-18")
        .Text("证书编号", c => c.CertificateNumber, 26).Field("certificateNumber", "认定证书编号，可在本平台核验", "京无疫证〔2022〕0108-0001");

    private static string KindName(CommunityKind kind) => kind switch { CommunityKind.Village => "村", CommunityKind.Community => "社区", _ => "" };
}
