using Wuyi.Domain.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

/// <summary>The certified list (认定名单) and a batch as files anyone may download, from the public pages and the API alike.</summary>
public static class PublicExport
{
    public static readonly TableExport<CertifiedCommunity> Certified = Table("认定名单");

    public static readonly TableExport<CertifiedCommunity> Batch = Table("公布批次");

    private static TableExport<CertifiedCommunity> Table(string list) => new TableExport<CertifiedCommunity>(list, list)
        .Text("区划代码", c => c.Code, 15)
        .Text("社区（村）", c => c.Name, 24)
        .Text("类别", c => c.Kind switch { CommunityKind.Village => "村", CommunityKind.Community => "社区", _ => "" }, 6)
        .Text("街道（乡镇）", c => c.Street.Name, 18)
        .Text("街道代码", c => c.Street.Code, 12)
        .Text("区", c => c.District.Name, 10)
        .Text("区代码", c => c.District.Code, 9)
        .Number("公布批次", c => c.BatchNumber)
        .Date("认定日期", c => c.CertifiedOn);
}
