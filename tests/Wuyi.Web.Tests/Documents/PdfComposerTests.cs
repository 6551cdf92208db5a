using Wuyi.Web.Documents;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Documents;

/// <summary>
/// The PDF layer on its own: the fonts' coverage read from their cmap, the fallback for characters outside GB 2312 (real
/// Beijing names: 奤夿屯村, 漷县镇, 沄沄国际社区), and Chinese line breaking.
/// </summary>
public sealed class PdfComposerTests
{
    private static PdfFonts Fonts => PdfFonts.Instance ?? throw new InvalidOperationException(
        $"the PDF fonts are missing ({string.Join(", ", PdfFonts.Missing())}): install {PdfFonts.Packages} (scripts/test.sh does)");

    [Fact]
    public void TheFaces_Cover_WhatTheirCmapsSay()
    {
        var fonts = Fonts;
        foreach (var c in "社区认定证书〔〕（）：，。、0123456789ABCxyz")
        {
            fonts.Has(PdfFonts.Song, c).ShouldBeTrue($"宋体 lacks {c}");
            fonts.Has(PdfFonts.Kai, c).ShouldBeTrue($"楷体 lacks {c}");
        }
        foreach (var c in "奤夿漷沄")
        {
            fonts.Has(PdfFonts.Song, c).ShouldBeFalse($"{c} is outside GB 2312, and the Song face has no glyph for it");
            fonts.Has(PdfFonts.Fallback, c).ShouldBeTrue($"the fallback lacks {c}");
        }
        fonts.Has(PdfFonts.Song, 0x10FFFF).ShouldBeFalse();
        fonts.Has("NoSuchFace", '社').ShouldBeFalse();
    }

    [Fact]
    public async Task ANameWithCharactersOutsideGb2312_IsStillText_InTheFallbackFace()
    {
        using var pdf = new PdfComposer(Fonts, "测试", "测试");
        pdf.Line("延庆区康庄镇奤夿屯村委会", PdfFonts.Kai, 20);
        pdf.Paragraph("通州区漷县镇、朝阳区沄沄国际社区居委会：特发此证。", PdfFonts.Song, 14);
        var file = await PdfFile.ReadAsync(pdf.ToBytes(), "fallback-characters");
        file.Text.ShouldContain("延庆区康庄镇奤夿屯村委会");
        file.Text.ShouldContain("通州区漷县镇、朝阳区沄沄国际社区居委会：特发此证。");
    }

    [Fact]
    public void Lines_BreakBetweenChineseCharacters_ButNeverBeforeClosingPunctuation_NorAfterOpening_NorInsideANumber()
    {
        using var pdf = new PdfComposer(Fonts, "测试", "测试");
        const double size = 12;
        var text = string.Concat(Enumerable.Repeat("经自评申报、街道（乡镇）择优推荐，证书编号京无疫证〔2022〕0108-0001号。", 12));
        for (var width = 60.0; width < 400; width += 7)
        {
            var lines = pdf.Wrap(text, PdfFonts.Song, size, width, 2 * size);
            string.Concat(lines).ShouldBe(text); // nothing lost, nothing added
            lines.Count.ShouldBeGreaterThan(1);
            foreach (var line in lines.Skip(1)) "，。、）〕".ShouldNotContain(line[0], $"width {width}: “{line}” starts with closing punctuation");
            for (var i = 0; i + 1 < lines.Count; i++)
            {
                "（〔".ShouldNotContain(lines[i][^1], $"width {width}: “{lines[i]}” ends with opening punctuation");
                (char.IsAsciiDigit(lines[i][^1]) && char.IsAsciiDigit(lines[i + 1][0])).ShouldBeFalse($"width {width}: a number broken at “{lines[i]}”");
            }
            // A line is no wider than the width, but for one hanging punctuation mark.
            foreach (var (line, i) in lines.Select((l, i) => (l, i)))
                pdf.Measure(line.TrimEnd('，', '。', '、', '）', '〕'), PdfFonts.Song, size).ShouldBeLessThanOrEqualTo(width - (i == 0 ? 2 * size : 0) + 0.01);
        }
    }
}
