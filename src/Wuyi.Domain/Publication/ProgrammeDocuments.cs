using System.Globalization;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Publication;

/// <summary>
/// The names and the 文号 of a batch's publication notice (公布通知), written once, so that the batch page and the PDF can never
/// disagree; who signs is <see cref="IssuingBody"/>.
/// </summary>
public static class ProgrammeDocuments
{
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
