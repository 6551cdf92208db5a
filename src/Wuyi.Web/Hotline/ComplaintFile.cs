using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Wuyi.Web.Hotline;

/// <summary>One data row of an export: its row number as the spreadsheet shows it, its fields, and what could not be read.</summary>
public readonly record struct SourceRow(int Row, ComplaintFields Fields, Rejection[]? Errors);

/// <summary>
/// Reads a hotline export: CSV (UTF-8, or GB18030 as Chinese Excel saves it) or XLSX (the first sheet), told apart
/// by content, never by name. Rows stream; a file whose structure is broken throws <see cref="ImportFileException"/>.
/// </summary>
public static class ComplaintFile
{
    /// <summary>Bounds on what an XLSX may unpack to, so a small hostile file cannot fill the memory or the disk.</summary>
    public const long MaxXlsxUnpackedBytes = 1L << 30;
    public const int MaxXlsxEntries = 10_000;
    public const int MaxRecordBytes = 1 << 20;

    /// <summary>
    /// Spreadsheet XML deflates 5 to 20 times, rarely 50; a part that claims more than this (past its first MB) is a
    /// bomb, whatever its total. The bound Apache POI uses.
    /// </summary>
    public const int MaxXlsxInflateRatio = 100;

    /// <summary>Excel's own limits: 32,767 characters in a cell, 16,384 columns (A..XFD).</summary>
    public const int MaxCellLength = 32_767;
    public const int MaxColumns = 16_384;

    /// <summary>A distinct string per cell of two million rows; far more is not an export.</summary>
    public const int MaxSharedStrings = 4_000_000;

    static ComplaintFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public enum Format { Csv, Xlsx }

    /// <summary>Tells the format from the first bytes; refuses what is neither.</summary>
    public static Format Detect(Stream file)
    {
        Span<byte> head = stackalloc byte[8];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 0) throw ImportFileException.Because("文件是空的");
        if (n >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04) return Format.Xlsx;
        if (n >= 8 && head[..8].SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
            throw ImportFileException.Because("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入");
        if (n >= 4 && head[..4].SequenceEqual("%PDF"u8)) throw ImportFileException.Because("这是 PDF 文件，不是表格：请导入 .xlsx 或 .csv 文件"); // the accounts file and the duty roster are read here too
        return Format.Csv;
    }

    /// <summary>
    /// The rows of the file. Reading stops with a refusal once <paramref name="budget"/> has passed: the bounds on size
    /// make every file finite, this makes it short, so that one file cannot hold the import (and SQLite's writer) for long.
    /// </summary>
    public static IEnumerable<SourceRow> Read(Stream file, TimeSpan budget, TimeProvider? time = null) =>
        Detect(file) == Format.Xlsx ? ReadXlsx(file, new(budget, time ?? TimeProvider.System)) : ReadCsv(file, new(budget, time ?? TimeProvider.System));

    /// <summary>The time a file may take, from its first row.</summary>
    private sealed class Deadline(TimeSpan budget, TimeProvider time)
    {
        private readonly long _start = time.GetTimestamp();

        public void Check()
        {
            if (time.GetElapsedTime(_start) > budget)
                throw ImportFileException.Because($"文件处理超过 {budget.TotalSeconds:0} 秒仍未完成，已停止，未导入任何数据：请按月份分开导出后分别导入");
        }
    }

    /// <summary>
    /// UTF-8 unless some of the file is not valid UTF-8, in which case GB18030 (Chinese Excel's "CSV"). The whole file
    /// is checked, not a sample: an export whose first Chinese character comes late must not be read as UTF-8.
    /// A character cut at the very end (a truncated file) does not decide; the row it ends is refused for that.
    /// </summary>
    public static Encoding SniffEncoding(Stream file)
    {
        var buffer = new byte[1 << 20];
        try
        {
            var n = file.ReadAtLeast(buffer, 4, throwOnEndOfStream: false);
            ReadOnlySpan<byte> head = buffer.AsSpan(0, n);
            if (head.StartsWith("\xEF\xBB\xBF"u8) || head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF }))
                return Encoding.UTF8; // a byte order mark decides (the reader honours UTF-16 and UTF-32 marks itself)
            var utf8 = true;
            var carried = n;
            while (true)
            {
                var read = file.Read(buffer, carried, buffer.Length - carried);
                var length = carried + read;
                var chunk = buffer.AsSpan(0, length);
                if (chunk.IndexOf((byte)0) >= 0) throw ImportFileException.Because("文件不是文本格式的 CSV，也不是 .xlsx 表格（含有二进制内容）");
                var whole = TrimPartialUtf8(chunk); // the chunk (or the file) may end inside a character
                utf8 = utf8 && System.Text.Unicode.Utf8.IsValid(whole);
                if (read == 0) break;
                chunk[whole.Length..].CopyTo(buffer);
                carried = length - whole.Length;
            }
            return utf8 ? Encoding.UTF8 : Encoding.GetEncoding("GB18030");
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>Whether the text ends with a line break (NULs after it are the high bytes of UTF-16 or UTF-32).</summary>
    private static bool EndsWithLineBreak(Stream file)
    {
        Span<byte> tail = stackalloc byte[4];
        var start = Math.Max(0, file.Length - tail.Length);
        file.Position = start;
        var n = file.ReadAtLeast(tail, (int)(file.Length - start), throwOnEndOfStream: false);
        file.Position = 0;
        var end = tail[..n].TrimEnd((byte)0);
        return end.Length > 0 && end[^1] is (byte)'\n' or (byte)'\r';
    }

    private static ReadOnlySpan<byte> TrimPartialUtf8(ReadOnlySpan<byte> s)
    {
        for (var i = 1; i <= 3 && i <= s.Length; i++)
        {
            var b = s[^i];
            if ((b & 0xC0) == 0xC0) return s[..^i]; // a lead byte whose sequence was cut
            if ((b & 0x80) == 0) break;
        }
        return s;
    }

    private static IEnumerable<SourceRow> ReadCsv(Stream file, Deadline deadline)
    {
        var complete = EndsWithLineBreak(file);
        using var csv = CsvReader.Create(file, CsvOptions(file), leaveOpen: true);
        int[] map;
        int width;
        try
        {
            var headers = csv.Headers;
            if (headers.Count == 0) throw ImportFileException.Because("文件中没有表头和数据");
            map = ComplaintText.MapHeader([.. headers]);
            width = headers.Count;
        }
        catch (CsvFormatException ex)
        {
            throw ImportFileException.Because($"表头格式有误：{ex.Message}");
        }
        // Each row is held until the next is read: only then is it known to be the last, which a cut file leaves unfinished.
        SourceRow? pending = null;
        var errors = new List<Rejection>();
        while (true)
        {
            bool more;
            deadline.Check();
            try
            {
                more = csv.Read();
            }
            catch (CsvFormatException ex)
            {
                throw ImportFileException.Because($"CSV 格式有误（第 {csv.LineNumber} 行附近），文件未导入：{ex.Message}");
            }
            if (!more)
            {
                if (pending is { } last)
                    yield return complete ? last : last with
                    {
                        Errors = [.. last.Errors ?? [], new(last.Row, last.Fields.Number, "整行", "文件在这一行中断（末尾没有换行），这一行可能不完整：文件可能被截断，请重新导出完整的文件")],
                    };
                yield break;
            }
            if (pending is { } previous) yield return previous;
            var row = (int)csv.LineNumber;
            errors.Clear();
            var fields = ComplaintText.Parse(c => map[(int)c] is var i and >= 0 ? Decoded(csv.GetString(i), c, row, errors) : null, row, errors);
            if (csv.FieldCount != width)
                errors.Add(new(row, fields.Number, "整行", $"这一行有 {csv.FieldCount} 列，表头有 {width} 列：可能有未加引号的逗号，或文件被截断"));
            pending = new SourceRow(row, fields, errors.Count > 0 ? [.. errors] : null);
        }
    }

    /// <summary>How an uploaded CSV is read: a header row, its encoding sniffed (UTF-8 or GB18030), a bounded record, malformed data refused.</summary>
    internal static CsvReaderOptions CsvOptions(Stream file)
    {
        var encoding = SniffEncoding(file);
        return new CsvReaderOptions
        {
            HasHeader = true,
            Encoding = encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
    }

    /// <summary>A replacement character means bytes that were not text in the file's encoding.</summary>
    private static string? Decoded(string value, ComplaintColumn column, int row, List<Rejection> errors)
    {
        if (!value.Contains('\uFFFD')) return value;
        errors.Add(new(row, null, ComplaintText.Label(column), "含有无法识别的字符：请将文件保存为 UTF-8 或 GB18030 编码的 CSV"));
        return null;
    }

    private static IEnumerable<SourceRow> ReadXlsx(Stream file, Deadline deadline)
    {
        int[]? map = null;
        var errors = new List<Rejection>();
        foreach (var (number, cells) in XlsxRows(file, "12345 导出的表格", deadline.Check))
        {
            if (map is null)
            {
                var width = cells.Keys.Max() + 1;
                map = ComplaintText.MapHeader([.. Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i, ""))]);
                continue;
            }
            errors.Clear();
            var fields = ComplaintText.Parse(c => map[(int)c] is var i and >= 0 ? XlsxValue(c, cells.GetValueOrDefault(i)) : null, number, errors);
            yield return new SourceRow(number, fields, errors.Count > 0 ? [.. errors] : null);
        }
    }

    /// <summary>
    /// The first sheet of an .xlsx, row by row: each row that has a cell with text, as its number and its texts by 0-based
    /// column (the dictionary is reused: read it before asking for the next row). The zip is checked before anything is
    /// unpacked, every part is read as a stream, and every failure of the SDK on hostile input is a file that cannot be
    /// read. <paramref name="kind"/> names what the file should be (“不像是{kind}”); <paramref name="check"/> runs for every
    /// row and shared string (a time budget).
    /// </summary>
    internal static IEnumerable<(int Row, IReadOnlyDictionary<int, string> Cells)> XlsxRows(Stream file, string kind, Action? check = null)
    {
        CheckZip(file);
        var document = Guarded(() => SpreadsheetDocument.Open(file, false, new OpenSettings { MaxCharactersInPart = MaxXlsxUnpackedBytes }));
        using (document)
        {
            var (part, strings) = Guarded(() =>
            {
                var workbook = document.WorkbookPart ?? throw ImportFileException.Because(".xlsx 文件中没有工作簿");
                var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw ImportFileException.Because(".xlsx 文件中没有工作表");
                if (sheet.Id?.Value is not { } id || !workbook.TryGetPartById(id, out var first) || first is not WorksheetPart worksheet)
                    throw ImportFileException.Because(".xlsx 文件的第一个工作表无法读取");
                return (worksheet, SharedStrings(workbook, kind, check));
            });

            var cells = new Dictionary<int, string>();
            var any = false;
            var last = 0;
            using var reader = Guarded(() => OpenXmlReader.Create(part));
            while (Guarded(reader.Read))
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                check?.Invoke(); // every row, empty ones too: a sheet may hold millions of them
                var number = Guarded(() =>
                {
                    var row = (Row)reader.LoadCurrentElement()!;
                    cells.Clear();
                    var position = 0;
                    foreach (var cell in row.Elements<Cell>())
                    {
                        var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position;
                        if (column >= MaxColumns)
                            throw ImportFileException.Because($".xlsx 文件第 {row.RowIndex?.Value} 行的列数超过 Excel 的上限（{MaxColumns} 列），不像是{kind}");
                        position = column + 1;
                        if (CellText(cell, strings) is { Length: > 0 } text) cells[column] = Bounded(text, kind);
                    }
                    return row.RowIndex?.Value is { } index ? (int)Math.Min(index, int.MaxValue) : last + 1;
                });
                last = number;
                if (cells.Count == 0) continue;
                any = true;
                yield return (number, cells);
            }
            if (!any) throw ImportFileException.Because(".xlsx 文件的第一个工作表是空的");
        }
    }

    /// <summary>
    /// Runs a step of reading the package. The SDK and System.IO.Packaging fail on hostile input in many ways (XML,
    /// zip, URI, missing relationship, number format): each is a file that cannot be read, never a server error.
    /// </summary>
    private static T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (ImportFileException or OperationCanceledException or OutOfMemoryException))
        {
            throw ImportFileException.Because(ex is System.Xml.XmlException { Message: var m } && m.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? ".xlsx 文件中含有 DTD（文档类型定义），出于安全考虑不予读取"
                : ".xlsx 文件内容有误，无法读取（文件可能已损坏，或不是 Excel 保存的表格）");
        }
    }

    private static string Bounded(string text, string kind) => text.Length <= MaxCellLength ? text
        : throw ImportFileException.Because($".xlsx 文件中有单元格超过 Excel 的上限（{MaxCellLength} 个字符），不像是{kind}");

    /// <summary>Entry count, unpacked size and inflate ratio, read from the zip directory before anything is unpacked.</summary>
    internal static void CheckZip(Stream file, long maxUnpackedBytes = MaxXlsxUnpackedBytes, int maxEntries = MaxXlsxEntries)
    {
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > maxEntries) throw ImportFileException.Because($".xlsx 文件包含的部件过多（{zip.Entries.Count} 个），不像是正常的表格文件");
            var total = zip.Entries.Sum(e => e.Length);
            if (total > maxUnpackedBytes)
                throw ImportFileException.Because($".xlsx 文件解压后过大（{total / (1 << 20)} MB，上限 {maxUnpackedBytes / (1 << 20)} MB）");
            if (zip.Entries.FirstOrDefault(e => e.Length > 1 << 20 && e.Length > MaxXlsxInflateRatio * Math.Max(1, e.CompressedLength)) is { } bomb)
                throw ImportFileException.Because($".xlsx 文件中的“{ComplaintText.Shorten(bomb.FullName)}”解压后膨胀了 {bomb.Length / Math.Max(1, bomb.CompressedLength)} 倍，不像是表格数据（疑似压缩炸弹）");
            // The declared sizes are checked here; the real ones while unpacking (.NET refuses an entry longer than it says).
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
                RefuseDtd(entry);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            throw ImportFileException.Because("无法打开该 .xlsx 文件：压缩包已损坏或使用了不支持的压缩方式");
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>
    /// The SDK's own readers prohibit DTDs today; this says so here, for every XML part, so that no entity (external,
    /// or a billion laughs) is ever expanded whatever a library upgrade does. A DTD can only come before the root
    /// element, so only the prolog is read.
    /// </summary>
    private static void RefuseDtd(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var xml = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings
        {
            DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, CloseInput = true,
        });
        try
        {
            while (xml.Read() && xml.NodeType != System.Xml.XmlNodeType.Element) { }
        }
        catch (System.Xml.XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw ImportFileException.Because(".xlsx 文件中含有 DTD（文档类型定义），出于安全考虑不予读取");
        }
        catch (System.Xml.XmlException)
        {
            throw ImportFileException.Because($".xlsx 文件中的“{ComplaintText.Shorten(entry.FullName)}”不是有效的 XML，文件可能已损坏");
        }
    }

    /// <summary>The shared strings, read as a stream (an export with a million distinct numbers has a million of them).</summary>
    private static List<string> SharedStrings(WorkbookPart workbook, string kind, Action? check)
    {
        var result = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return result;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement) continue;
            check?.Invoke();
            if (result.Count == MaxSharedStrings) throw ImportFileException.Because($".xlsx 文件中的字符串超过 {MaxSharedStrings:N0} 个，不像是{kind}");
            result.Add(Bounded(((SharedStringItem)reader.LoadCurrentElement()!).InnerText, kind));
        }
        return result;
    }

    private static string? CellText(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : null;
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText;
        if (cell.DataType?.Value == CellValues.Boolean) return raw == "1" ? "是" : "否";
        return raw;
    }

    /// <summary>Excel keeps dates as serial numbers: in a time column, such a number is a Beijing date and time.</summary>
    private static string? XlsxValue(ComplaintColumn column, string? value) =>
        column is ComplaintColumn.ReceivedAt or ComplaintColumn.ResponseDeadline or ComplaintColumn.RespondedAt
        && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 36526 and < 73051 // 2000..2100
            ? DateTime.FromOADate(serial).AddMilliseconds(500).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : value;

    /// <summary>"AB12" → 27 (0-based).</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
            if (index > MaxColumns) return MaxColumns; // past XFD: refused by the caller, and no overflow
        }
        return index - 1;
    }
}
