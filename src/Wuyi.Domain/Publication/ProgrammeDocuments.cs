using System.Globalization;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Publication;

/// <summary>
/// What the programme's formal documents (certificates, plaques, batch notices) say of who issues them and how they are
/// numbered — written once, so that a page, an export and a PDF can never disagree.
/// </summary>
public static class ProgrammeDocuments
{
    /// <summary>The programme's name, e.g. 北京市无疫社区（村）创建活动.</summary>
    public static string ProgrammeName(string cityName) => cityName + "无疫社区（村）创建活动";

    /// <summary>
    /// 发文机关: the community-prevention group of a city or a district (市/区社区防控组), as the Beijing lists of 2022 were
    /// signed, e.g. 北京市新冠肺炎疫情防控工作领导小组社区防控组.
    /// </summary>
    public static string Issuer(string placeName) => placeName + "新冠肺炎疫情防控工作领导小组社区防控组";

    /// <summary>
    /// 文号 of a batch's publication notice (公布通知), e.g. <c>京无疫公〔2022〕1号</c>: the province's character, 无疫公, the
    /// year of publication and the batch's number — batches are numbered once across the programme, so the number is unique
    /// and needs no counter of its own (docs/decisions/0012).
    /// </summary>
    public static string BatchNoticeNumber(string provinceCode, DateOnly publishedOn, int batchNumber)
    {
        var province = ProvinceAbbreviation.Of(provinceCode)
            ?? throw DomainException.Invalid("province-code-invalid", $"“{provinceCode}”不是省级区划代码");
        if (batchNumber < 1) throw DomainException.Invalid("batch-number-invalid", "批次从 1 开始编号");
        return string.Create(CultureInfo.InvariantCulture, $"{province}无疫公〔{publishedOn.Year:D4}〕{batchNumber}号");
    }

    /// <summary>The notice's title, e.g. 关于公布北京市第1批无疫社区（村）名单的通知.</summary>
    public static string BatchNoticeTitle(string cityName, string batchTitle) => "关于公布" + BatchListName(cityName, batchTitle) + "的通知";

    /// <summary>The list's name with the city once, e.g. 北京市第1批无疫社区（村）名单 (a batch's title may already name it).</summary>
    public static string BatchListName(string cityName, string batchTitle) =>
        (batchTitle.StartsWith(cityName, StringComparison.Ordinal) ? "" : cityName) + batchTitle;
}
