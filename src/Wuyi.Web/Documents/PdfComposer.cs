using System.Globalization;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Wuyi.Web.Documents;

public enum TextAlign { Left, Center, Right }

/// <summary>
/// A PDF being written page by page on A4, top to bottom, in the programme's fonts (<see cref="PdfFonts"/>): lines, paragraphs
/// broken the Chinese way (no line starts with ，。、 or ends with （《), a new page when the next block does not fit, the page
/// numbers of official documents (— 1 —), QR codes as vector squares and the place for a seal. Coordinates are points from
/// the page's top left; <see cref="Y"/> is where the next line's top goes.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    /// <summary>Points in a millimetre.</summary>
    public const double Mm = 72 / 25.4;

    private static readonly XColor Ink = XColor.FromArgb(0x1a, 0x1a, 0x1a);
    private const string NoLineStart = "，。、；：？！）》」』】〕〉”’…—％%,.;:?!)]}";
    private const string NoLineEnd = "（《「『【〔〈“‘([{";

    private readonly PdfFonts _fonts;
    private readonly PdfDocument _document = new();
    private readonly PageOrientation _orientation;
    private readonly Dictionary<(string, double, bool), XFont> _xfonts = [];
    private XGraphics? _page;

    public PdfComposer(PdfFonts fonts, string title, string author, PageOrientation orientation = PageOrientation.Portrait, double marginMm = 25)
    {
        _fonts = fonts;
        _orientation = orientation;
        _document.Info.Title = title;
        _document.Info.Author = author;
        _document.Info.Creator = "Wuyi 无疫社区（村）创建平台";
        _document.PageLayout = PdfPageLayout.SinglePage;
        Margin = marginMm * Mm;
        NewPage();
    }

    public double Margin { get; }
    public double PageWidth { get; private set; }
    public double PageHeight { get; private set; }
    public double Left => Margin;
    public double Right => PageWidth - Margin;
    public double Width => Right - Left;

    /// <summary>The lowest a line may reach: room is left for the page number.</summary>
    public double Bottom => PageHeight - Margin;

    public double Y { get; set; }
    public XGraphics Page => _page!;
    public int PageCount => _document.PageCount;

    /// <summary>The text colour of official documents' red header (版头) and of marks.</summary>
    public static readonly XColor Red = XColor.FromArgb(0xc0, 0x1f, 0x1f);

    public void NewPage()
    {
        _page?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = _orientation;
        PageWidth = page.Width.Point;
        PageHeight = page.Height.Point;
        _page = XGraphics.FromPdfPage(page);
        Y = Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Need(double height)
    {
        if (Y + height > Bottom) NewPage();
    }

    public XFont Font(string family, double size, bool bold = false)
    {
        if (!_xfonts.TryGetValue((family, size, bold), out var font))
            _xfonts[(family, size, bold)] = font = new XFont(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, XPdfFontOptions.UnicodeDefault);
        return font;
    }

    /// <summary>
    /// The text cut into runs of one face each: the asked one where it has the character, else the fallback, so a rare
    /// character in a name is drawn, not a box.
    /// </summary>
    private IEnumerable<(string Text, string Family)> Runs(string text, string family)
    {
        var run = new StringBuilder();
        string? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var face = _fonts.Has(family, rune.Value) || !_fonts.Has(PdfFonts.Fallback, rune.Value) ? family : PdfFonts.Fallback;
            if (Rune.IsWhiteSpace(rune) && current is not null) face = current;
            if (current is not null && face != current)
            {
                yield return (run.ToString(), current);
                run.Clear();
            }
            current = face;
            run.Append(rune.ToString());
        }
        if (current is not null) yield return (run.ToString(), current);
    }

    public double Measure(string text, string family, double size, bool bold = false) =>
        Runs(text, family).Sum(r => Page.MeasureString(r.Text, Font(r.Family, size, bold)).Width);

    /// <summary>Draws one line with its baseline at <paramref name="baseline"/>; x is the left edge, centre or right edge by <paramref name="align"/>.</summary>
    public void Text(string text, string family, double size, double x, double baseline, TextAlign align = TextAlign.Left, XColor? color = null, bool bold = false)
    {
        var at = align switch
        {
            TextAlign.Center => x - Measure(text, family, size, bold) / 2,
            TextAlign.Right => x - Measure(text, family, size, bold),
            _ => x,
        };
        var brush = new XSolidBrush(color ?? Ink);
        foreach (var (run, face) in Runs(text, family))
        {
            var font = Font(face, size, bold);
            Page.DrawString(run, font, brush, at, baseline);
            at += Page.MeasureString(run, font).Width;
        }
    }

    /// <summary>A line at <see cref="Y"/> across the text width, then <see cref="Y"/> below it.</summary>
    public void Line(string text, string family, double size, TextAlign align = TextAlign.Left, double lineHeight = 1.5, XColor? color = null, bool bold = false)
    {
        foreach (var line in Wrap(text, family, size, Width, 0))
        {
            Need(size * lineHeight);
            var x = align switch { TextAlign.Center => (Left + Right) / 2, TextAlign.Right => Right, _ => Left };
            Text(line, family, size, x, Y + size, align, color, bold);
            Y += size * lineHeight;
        }
    }

    /// <summary>A paragraph of body text: the first line indented by two characters (公文 style), broken to the width.</summary>
    public void Paragraph(string text, string family, double size, double lineHeight = 1.75, int indent = 2)
    {
        var lines = Wrap(text, family, size, Width, indent * size);
        for (var i = 0; i < lines.Count; i++)
        {
            Need(size * lineHeight);
            Text(lines[i], family, size, Left + (i == 0 ? indent * size : 0), Y + size);
            Y += size * lineHeight;
        }
    }

    public void Space(double points) => Y += points;

    /// <summary>
    /// The text broken into lines of at most <paramref name="width"/> points (the first <paramref name="firstIndent"/> narrower):
    /// between any two Chinese characters, never inside a Latin word or a number, with the punctuation rules of 禁则.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, string family, double size, double width, double firstIndent)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        double used = 0, room = width - firstIndent;
        foreach (var token in Tokens(text))
        {
            var w = Measure(token, family, size);
            if (line.Length == 0 || used + w <= room || NoLineStart.Contains(token[0]))
            {
                line.Append(token);
                used += w;
                continue;
            }
            var carried = "";
            if (line.Length > 1 && NoLineEnd.Contains(line[^1]))
            {
                carried = line[^1].ToString();
                line.Length--;
            }
            lines.Add(line.ToString());
            line.Clear().Append(carried).Append(token);
            used = Measure(line.ToString(), family, size);
            room = width;
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>Latin words and numbers (with their dots, dashes and slashes) stay whole; every other character stands alone.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var e = (string)elements.Current;
            if (e.Length == 1 && (char.IsAsciiLetterOrDigit(e[0]) || (word.Length > 0 && e[0] is '.' or '-' or '/' or ':' or '_')))
            {
                word.Append(e);
                continue;
            }
            if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
            yield return e;
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>A QR code of the address, drawn as squares (sharp at any size, no image), its top left at (x, y).</summary>
    public void QrCode(string url, double x, double y, double size)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        var modules = data.ModuleMatrix; // includes the quiet zone
        var cell = size / modules.Count;
        Page.DrawRectangle(XBrushes.White, x, y, size, size);
        for (var row = 0; row < modules.Count; row++)
        {
            for (var col = 0; col < modules.Count; col++)
            {
                if (!modules[row][col]) continue;
                var end = col;
                while (end + 1 < modules.Count && modules[row][end + 1]) end++;
                // A hair wider than the module, so that neighbouring squares do not show seams when printed.
                Page.DrawRectangle(XBrushes.Black, x + col * cell, y + row * cell, (end - col + 1) * cell + 0.05, cell + 0.05);
                col = end;
            }
        }
    }

    /// <summary>The place for the seal (盖章处): a dashed circle with a grey hint, centred on (x, y).</summary>
    public void SealPlace(double cx, double cy, double radius = 21 * Mm)
    {
        var pen = new XPen(XColor.FromArgb(0xb0, 0xb0, 0xb0), 0.8) { DashStyle = XDashStyle.Dash };
        Page.DrawEllipse(pen, cx - radius, cy - radius, radius * 2, radius * 2);
        Text("（盖章）", PdfFonts.Song, 9, cx, cy + 3, TextAlign.Center, XColor.FromArgb(0xa0, 0xa0, 0xa0));
    }

    /// <summary>
    /// The issuer and the date (落款), the seal's place over them: centred on <paramref name="centreX"/>, or set against the
    /// right margin; at <paramref name="baseline"/>, or below <see cref="Y"/> (a new page first when they do not fit).
    /// </summary>
    public void SignOff(string issuer, string date, double size, double? centreX = null, double? baseline = null)
    {
        if (baseline is null)
        {
            Need(40 * Mm);
            Space(16 * Mm);
        }
        var line = baseline ?? Y + 4 * Mm;
        var x = centreX ?? Right - 4 * Mm - Measure(issuer, PdfFonts.Song, size) / 2;
        SealPlace(x, line - 2 * Mm);
        Text(issuer, PdfFonts.Song, size, x, line, TextAlign.Center);
        Text(date, PdfFonts.Song, size, x, line + 9 * Mm, TextAlign.Center);
        if (baseline is null) Y = line + 16 * Mm;
    }

    /// <summary>A large translucent word across the page (已取消认定), so a printout of a certificate no longer valid says so.</summary>
    public void Void(string word)
    {
        var state = Page.Save();
        Page.RotateAtTransform(-30, new XPoint(PageWidth / 2, PageHeight / 2));
        Text(word, PdfFonts.Kai, Math.Min(PageWidth, PageHeight) / Math.Max(word.Length, 4) * 0.75, PageWidth / 2, PageHeight / 2 + 20,
            TextAlign.Center, XColor.FromArgb(70, 0xc0, 0x1f, 0x1f));
        Page.Restore(state);
    }

    /// <summary>A frame at the given inset from the page's edge.</summary>
    public void Frame(double insetMm, XColor color, double width)
    {
        var inset = insetMm * Mm;
        Page.DrawRectangle(new XPen(color, width), inset, inset, PageWidth - 2 * inset, PageHeight - 2 * inset);
    }

    /// <summary>The document as bytes, with the page numbers of official documents (— 1 —) when it has more than one page.</summary>
    public byte[] ToBytes(bool pageNumbers = true)
    {
        _page?.Dispose();
        _page = null;
        if (pageNumbers && _document.PageCount > 1)
        {
            for (var i = 0; i < _document.PageCount; i++)
            {
                using var g = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
                _page = g;
                Text($"— {i + 1} —", PdfFonts.Song, 10.5, PageWidth / 2, PageHeight - Margin / 2, TextAlign.Center);
            }
            _page = null;
        }
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _page?.Dispose();
        _document.Dispose();
    }
}
