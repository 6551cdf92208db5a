using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Documents;

namespace Wuyi.Web.Notices;

/// <summary>
/// A notice (通知书) as print-ready A4 PDF, the same frozen words as its print view: title, number, addressee, paragraphs with
/// the numbered items after the first, the issuer and date with the place for the seal.
/// </summary>
public static class NoticePdf
{
    public static PdfDownload Download(NoticeText t) => new($"{t.Title}-{t.Number}", fonts => Write(fonts, t));

    public static byte[] Write(PdfFonts fonts, NoticeText t)
    {
        const double mm = PdfComposer.Mm;
        using var pdf = new PdfComposer(fonts, $"{t.Title} {t.Number}", t.Issuer, marginMm: 25);
        pdf.Y = 30 * mm;
        pdf.Line(t.Title, PdfFonts.Song, 22, TextAlign.Center, lineHeight: 1.6, bold: true);
        pdf.Space(2 * mm);
        pdf.Line(t.Number, PdfFonts.Song, 14, TextAlign.Center, lineHeight: 1.6);
        pdf.Space(8 * mm);
        pdf.Line(t.Addressee + "：", PdfFonts.Song, 15, lineHeight: 1.9);
        for (var i = 0; i < t.Paragraphs.Count; i++)
        {
            pdf.Paragraph(t.Paragraphs[i], PdfFonts.Song, 15, 1.9);
            if (i != 0) continue;
            for (var k = 0; k < t.Items.Count; k++)
                pdf.Paragraph($"{k + 1}. {t.Items[k]}。", PdfFonts.Song, 15, 1.9);
        }
        pdf.SignOff(t.Issuer, FormalDate.Of(t.Date), 15);
        return pdf.ToBytes();
    }
}
