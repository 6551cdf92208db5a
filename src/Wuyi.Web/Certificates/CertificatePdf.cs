using PdfSharp;
using PdfSharp.Drawing;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Web.Documents;

namespace Wuyi.Web.Certificates;

/// <summary>
/// The certificate (认定证书, A4 portrait) and the plaque (牌匾, A4 landscape) as print-ready PDF: the same words as the print
/// view, in 楷体 and 宋体, the QR code to the verification page drawn as vector squares, the place for the seal. A certificate
/// that no longer stands is printed with its status across the page.
/// </summary>
public static class CertificatePdf
{
    private static readonly XColor Border = XColor.FromArgb(0x9b, 0x1c, 0x1c);
    private static readonly XColor Grey = XColor.FromArgb(0x55, 0x55, 0x55);

    public static bool IsPlaque(string? layout) => string.Equals(layout, "plaque", StringComparison.OrdinalIgnoreCase);

    /// <summary>The certificate or the plaque as the answer to a request; never cached, as its standing is live.</summary>
    public static PdfDownload Download(CertificateView c, string verifyUrl, bool plaque) =>
        new((plaque ? "牌匾-" : "认定证书-") + c.Number, fonts => plaque ? Plaque(fonts, c, verifyUrl) : Certificate(fonts, c, verifyUrl));

    public static byte[] Certificate(PdfFonts fonts, CertificateView c, string verifyUrl)
    {
        using var pdf = new PdfComposer(fonts, $"无疫{c.KindName}认定证书 {c.Number} {c.FullName}", c.Issuer, PageOrientation.Portrait, marginMm: 30);
        pdf.Frame(10, Border, 2.2);
        pdf.Frame(12.5, Border, 0.7);
        const double mm = PdfComposer.Mm;
        pdf.Text("证书编号：" + c.Number, PdfFonts.Song, 11, pdf.Right, 26 * mm, TextAlign.Right);

        pdf.Y = 52 * mm;
        pdf.Line("无疫社区（村）认定证书", PdfFonts.Kai, 30, TextAlign.Center, lineHeight: 2.2, color: Border);
        pdf.Space(8 * mm);
        pdf.Line(c.FullName + "：", PdfFonts.Kai, 18, lineHeight: 2);
        pdf.Space(3 * mm);
        pdf.Paragraph(Body(c), PdfFonts.Song, 15, lineHeight: 2);
        pdf.Paragraph("特发此证。认定实行动态管理，以扫码核验的实时状态为准。", PdfFonts.Song, 15, lineHeight: 2);

        var foot = pdf.PageHeight - 95 * mm;
        const double qr = 34 * mm;
        pdf.QrCode(verifyUrl, pdf.Left, foot, qr);
        pdf.Text("扫码核验", PdfFonts.Song, 10, pdf.Left + qr / 2, foot + qr + 5 * mm, TextAlign.Center, Grey);
        pdf.SignOff(c.Issuer, FormalDate.Of(c.CertifiedOn), 13, baseline: foot + 14 * mm);
        pdf.Text("核验网址：" + Uri.UnescapeDataString(verifyUrl), PdfFonts.Song, 9, (pdf.Left + pdf.Right) / 2, pdf.PageHeight - 30 * mm,
            TextAlign.Center, Grey);
        Standing(pdf, c);
        return pdf.ToBytes(pageNumbers: false);
    }

    public static byte[] Plaque(PdfFonts fonts, CertificateView c, string verifyUrl)
    {
        using var pdf = new PdfComposer(fonts, $"无疫{c.KindName}牌匾 {c.Number} {c.FullName}", c.Issuer, PageOrientation.Landscape, marginMm: 22);
        pdf.Frame(8, Border, 3);
        pdf.Frame(11, Border, 0.8);
        const double mm = PdfComposer.Mm;
        var centre = (pdf.Left + pdf.Right) / 2;
        pdf.Text(c.Programme, PdfFonts.Song, 18, centre, 34 * mm, TextAlign.Center);
        pdf.Text("无疫" + c.KindName, PdfFonts.Kai, 88, centre, 78 * mm, TextAlign.Center, Border);
        var nameSize = FitSize(pdf, c.Community.Name, PdfFonts.Kai, 40, pdf.Width - 20 * mm);
        pdf.Text(c.Community.Name, PdfFonts.Kai, nameSize, centre, 108 * mm, TextAlign.Center);
        pdf.Text(c.City + c.District.Name + c.Street.Name, PdfFonts.Song, 18, centre, 124 * mm, TextAlign.Center, Grey);

        const double qr = 36 * mm;
        var foot = pdf.PageHeight - 26 * mm - qr;
        pdf.QrCode(verifyUrl, pdf.Right - qr, foot, qr);
        pdf.Text("扫码核验", PdfFonts.Song, 10, pdf.Right - qr / 2, foot + qr + 5 * mm, TextAlign.Center, Grey);
        pdf.SignOff(c.Issuer, FormalDate.Of(c.CertifiedOn), 13, centre, foot + 12 * mm);
        pdf.Text("证书编号：" + c.Number, PdfFonts.Song, 11, pdf.Left, foot + qr - 6 * mm);
        pdf.Text("核验网址：" + Uri.UnescapeDataString(verifyUrl), PdfFonts.Song, 9, pdf.Left, foot + qr, TextAlign.Left, Grey);
        Standing(pdf, c);
        return pdf.ToBytes(pageNumbers: false);
    }

    /// <summary>The certificate's sentence, as the print view writes it (Index.cshtml).</summary>
    private static string Body(CertificateView c) =>
        $"经自评申报、街道（乡镇）择优推荐、区社区防控组复核评定、市社区防控组备案，你{c.KindName}在{c.Programme}中被认定为无疫{c.KindName}，"
        + $"列入第 {c.BatchNumber} 批名单（{c.BatchTitle}），{FormalDate.Of(c.CertifiedOn)}公布。";

    /// <summary>A certificate that does not stand says so across the page, and at its foot with the date.</summary>
    private static void Standing(PdfComposer pdf, CertificateView c)
    {
        var s = c.Standing;
        if (s.Status == CertificateStatus.Valid) return;
        pdf.Void(s.StatusName);
        var note = $"本证书当前状态：{s.StatusName}" + (s.RevokedOn is { } on ? $"（{FormalDate.Of(on)}取消认定）" : "") + "，不得作为无疫社区（村）证明使用";
        pdf.Text(note, PdfFonts.Song, 10, (pdf.Left + pdf.Right) / 2, pdf.PageHeight - 16 * PdfComposer.Mm, TextAlign.Center, PdfComposer.Red);
    }

    /// <summary>The largest size up to <paramref name="size"/> at which the text fits the width on one line.</summary>
    private static double FitSize(PdfComposer pdf, string text, string family, double size, double width)
    {
        var measured = pdf.Measure(text, family, size);
        return measured <= width ? size : Math.Floor(size * width / measured);
    }
}
