using System.Buffers.Binary;
using System.Collections;
using PdfSharp.Fonts;

namespace Wuyi.Web.Documents;

/// <summary>
/// The fonts of the platform's PDFs, TrueType files from Debian's packages (PDFsharp reads neither TrueType collections nor
/// CFF-based OpenType, which rules out Noto CJK and WenQuanYi):
/// <list type="bullet">
/// <item>宋体 for body text, <c>fonts-arphic-gbsn00lp</c> (AR PL SungtiL GB) — the face of official documents, GB 2312;</item>
/// <item>楷体 for titles and names, <c>fonts-arphic-gkai00mp</c> (AR PL KaitiM GB), GB 2312;</item>
/// <item>a fallback for any character those two lack (a rare character in a community's name), <c>fonts-droid-fallback</c>.</item>
/// </list>
/// Text is drawn run by run in the first face that has its characters (<see cref="PdfText"/>), so the PDF holds real text
/// that <c>pdftotext</c> and screen readers read back.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Song = "WuyiSong";
    public const string Kai = "WuyiKai";
    public const string Fallback = "WuyiFallback";

    /// <summary>The Debian packages that hold the fonts, for the README, the start-up warning and the refusal.</summary>
    public const string Packages = "fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-droid-fallback";

    private static readonly (string Family, string File)[] Files =
    [
        (Song, "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"),
        (Kai, "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"),
        (Fallback, "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    ];

    private static readonly Lazy<PdfFonts?> Loaded = new(Load);
    private static readonly Lock Registration = new();

    private readonly Dictionary<string, byte[]> _bytes;
    private readonly Dictionary<string, BitArray> _coverage;

    private PdfFonts(Dictionary<string, byte[]> bytes)
    {
        _bytes = bytes;
        _coverage = bytes.ToDictionary(b => b.Key, b => CharacterMap.Coverage(b.Value));
    }

    /// <summary>
    /// The fonts, registered with PDFsharp (a process-wide setting, set once); null when a file is missing — the caller refuses
    /// with <see cref="Packages"/> named.
    /// </summary>
    public static PdfFonts? Instance
    {
        get
        {
            var fonts = Loaded.Value;
            if (fonts is null) return null;
            lock (Registration)
            {
                if (GlobalFontSettings.FontResolver is not PdfFonts) GlobalFontSettings.FontResolver = fonts;
            }
            return fonts;
        }
    }

    /// <summary>The font files not on this machine (empty when PDFs can be made).</summary>
    public static IReadOnlyList<string> Missing() => Files.Where(f => !File.Exists(f.File)).Select(f => f.File).ToList();

    private static PdfFonts? Load() =>
        Missing().Count > 0 ? null : new PdfFonts(Files.ToDictionary(f => f.Family, f => File.ReadAllBytes(f.File)));

    /// <summary>Whether the face has a glyph for the character.</summary>
    public bool Has(string family, int codePoint) =>
        _coverage.TryGetValue(family, out var map) && codePoint < map.Length && map[codePoint];

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        _bytes.ContainsKey(familyName) ? new FontResolverInfo(familyName, bold, false) : null; // one weight each: bold is drawn thicker

    public byte[]? GetFont(string faceName) => _bytes.GetValueOrDefault(faceName);

    /// <summary>The characters a TrueType font maps to a glyph, from its <c>cmap</c> table (formats 4 and 12).</summary>
    internal static class CharacterMap
    {
        public static BitArray Coverage(ReadOnlySpan<byte> font)
        {
            var map = new BitArray(0x110000);
            var cmap = Table(font, "cmap");
            if (cmap.IsEmpty) return map;
            int count = U16(cmap, 2), best = -1, bestRank = 0;
            for (var i = 0; i < count; i++)
            {
                int platform = U16(cmap, 4 + i * 8), encoding = U16(cmap, 6 + i * 8);
                var offset = (int)U32(cmap, 8 + i * 8);
                var rank = (platform, encoding, U16(cmap, offset)) switch
                {
                    (3, 10, 12) or (0, 4, 12) or (0, 6, 12) => 3,
                    (3, 1, 4) or (0, 3, 4) => 2,
                    (0, _, 4) => 1,
                    _ => 0,
                };
                if (rank > bestRank) (best, bestRank) = (offset, rank);
            }
            if (best < 0) return map;
            var sub = cmap[best..];
            if (U16(sub, 0) == 12)
            {
                var groups = (int)U32(sub, 12);
                for (var g = 0; g < groups; g++)
                {
                    var start = (int)Math.Min(U32(sub, 16 + g * 12), 0x10FFFF);
                    var end = (int)Math.Min(U32(sub, 20 + g * 12), 0x10FFFF);
                    var glyph = U32(sub, 24 + g * 12);
                    for (var c = start; c <= end; c++) map[c] = glyph + (uint)(c - start) != 0;
                }
                return map;
            }
            var segments = U16(sub, 6) / 2;
            for (var s = 0; s < segments; s++)
            {
                int end = U16(sub, 14 + s * 2), start = U16(sub, 16 + segments * 2 + s * 2);
                var delta = (short)U16(sub, 16 + segments * 4 + s * 2);
                var rangeOffsetAt = 16 + segments * 6 + s * 2;
                int rangeOffset = U16(sub, rangeOffsetAt);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                    else
                    {
                        var at = rangeOffsetAt + rangeOffset + (c - start) * 2;
                        glyph = at + 1 < sub.Length ? U16(sub, at) : 0;
                        if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                    }
                    map[c] = glyph != 0;
                }
            }
            return map;
        }

        private static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> font, string tag)
        {
            int tables = U16(font, 4);
            for (var i = 0; i < tables; i++)
            {
                var record = 12 + i * 16;
                if (font.Length < record + 16) break;
                if (font[record] == tag[0] && font[record + 1] == tag[1] && font[record + 2] == tag[2] && font[record + 3] == tag[3])
                {
                    var offset = (int)U32(font, record + 8);
                    var length = (int)U32(font, record + 12);
                    return offset + length <= font.Length ? font.Slice(offset, length) : [];
                }
            }
            return [];
        }

        private static int U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16BigEndian(b[at..]);
        private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
    }
}
