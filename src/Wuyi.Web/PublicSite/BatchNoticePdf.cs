using System.Globalization;
using PdfSharp.Drawing;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Web.Documents;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// A batch's publication notice (公布通知) as an official document on A4: the red header with the issuer and the 文号, the
/// title, the addressees, the body, the issuer and date with the place for the seal, and the list as published in an annex
/// (附件), grouped by district and street with each certificate number. It is the document of the day of publication: later
/// revocations are not written into it (the batch page marks them; the dynamic-adjustments page lists them).
/// </summary>
public static class BatchNoticePdf
{
    private static readonly XColor Rule = XColor.FromArgb(0xc0, 0x1f, 0x1f);
    private static readonly XColor Grey = XColor.FromArgb(0x55, 0x55, 0x55);

    /// <param name="publicListUrl">The public list's address, where residents check a community's standing today.</param>
    public static byte[] Write(PdfFonts fonts, string city, PublicationBatch batch, IReadOnlyList<BatchCommunity> list, string number, string publicListUrl)
    {
        var issuer = IssuingBody.CommunityPreventionGroup(city);
        var title = ProgrammeDocuments.BatchNoticeTitle(city, batch.Title);
        var listName = ProgrammeDocuments.BatchListName(city, batch.Title);
        using var pdf = new PdfComposer(fonts, title + " " + number, issuer, marginMm: 25);
        const double mm = PdfComposer.Mm;
        var centre = (pdf.Left + pdf.Right) / 2;

        // 版头: the issuer in red, the 文号, a red rule (GB/T 9704's layout, simplified).
        pdf.Y = 32 * mm;
        var headSize = Math.Min(26, Math.Floor(26 * pdf.Width / pdf.Measure(issuer, PdfFonts.Song, 26)));
        pdf.Line(issuer, PdfFonts.Song, headSize, TextAlign.Center, lineHeight: 1.6, color: Rule, bold: true);
        pdf.Space(8 * mm);
        pdf.Line(number, PdfFonts.Song, 14, TextAlign.Center);
        pdf.Space(2 * mm);
        pdf.Page.DrawLine(new XPen(Rule, 1.6), pdf.Left, pdf.Y, pdf.Right, pdf.Y);
        pdf.Space(12 * mm);

        pdf.Line(title, PdfFonts.Song, 20, TextAlign.Center, lineHeight: 1.6, bold: true);
        pdf.Space(6 * mm);
        pdf.Line("各区社区防控组：", PdfFonts.Song, 15, lineHeight: 1.9);
        var districts = list.Select(c => c.District.Code).Distinct().Count();
        pdf.Paragraph($"根据{IssuingBody.Programme(city)}的安排，经社区（村）自评申报、街道（乡镇）择优推荐、区社区防控组复核评定、"
            + $"市社区防控组备案，现将{listName}予以公布。本批共 {list.Count} 个社区（村），分布在 {districts} 个区，名单见附件。", PdfFonts.Song, 15, 1.9);
        pdf.Paragraph("无疫社区（村）实行动态管理。被认定的社区（村）出现市级部门检查通报、媒体曝光或因漏管失管造成疫情传播等情形的，"
            + "一票否决，取消认定；12345 市民服务热线涉疫诉求答复不及时、回访不满意的，视情扣分，复核低于合格分数线的，取消认定并限期整改。", PdfFonts.Song, 15, 1.9);
        pdf.Paragraph($"各社区（村）的认定状态以实时核验为准：扫描认定证书或牌匾上的二维码，或访问 {publicListUrl} 查询。", PdfFonts.Song, 15, 1.9);
        pdf.Space(4 * mm);
        pdf.Line($"附件：{listName}", PdfFonts.Song, 15, lineHeight: 1.9);

        pdf.SignOff(issuer, FormalDate.Of(batch.PublishedOn), 15);

        Annex(pdf, listName, list);
        return pdf.ToBytes();
    }

    /// <summary>附件: the list as published, by district and street, each community with its certificate number.</summary>
    private static void Annex(PdfComposer pdf, string listName, IReadOnlyList<BatchCommunity> list)
    {
        const double mm = PdfComposer.Mm;
        pdf.NewPage();
        pdf.Line("附件", PdfFonts.Song, 15, lineHeight: 1.8, bold: true);
        pdf.Space(3 * mm);
        pdf.Line(listName, PdfFonts.Song, 18, TextAlign.Center, lineHeight: 1.8, bold: true);
        pdf.Line($"（共 {list.Count} 个）", PdfFonts.Song, 12, TextAlign.Center, lineHeight: 2);
        var numberColumn = pdf.Right - pdf.Measure("京无疫证〔2022〕0108-00000", PdfFonts.Song, 10.5);
        var index = 0;
        foreach (var district in list.GroupBy(c => c.District))
        {
            pdf.Need(3 * 14 * 1.6);
            pdf.Space(2 * mm);
            pdf.Line($"{district.Key.Name}（{district.Count()} 个）", PdfFonts.Song, 14, lineHeight: 1.7, bold: true);
            foreach (var street in district.GroupBy(c => c.Street))
            {
                pdf.Need(2 * 12 * 1.7);
                pdf.Line(street.Key.Name, PdfFonts.Kai, 12.5, lineHeight: 1.7);
                foreach (var c in street)
                {
                    index++;
                    pdf.Need(10.5 * 1.7);
                    var baseline = pdf.Y + 10.5;
                    pdf.Text(index.ToString(CultureInfo.InvariantCulture), PdfFonts.Song, 10.5, pdf.Left + 10 * mm, baseline, TextAlign.Right, Grey);
                    pdf.Text(c.Name, PdfFonts.Song, 10.5, pdf.Left + 14 * mm, baseline);
                    pdf.Text(c.CertificateNumber, PdfFonts.Song, 10.5, numberColumn, baseline, TextAlign.Left, Grey);
                    pdf.Y += 10.5 * 1.7;
                }
            }
        }
    }
}
