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
        if (n >= 4 && head[..4].SequenceEqual("%PDF"u8)) throw ImportFileException.Because("这是 PDF 文件，请导入 12345 系统导出的 .xlsx 或 .csv 表格");
        return Format.Csv;
    }

    public static IEnumerable<SourceRow> Read(Stream file) => Detect(file) == Format.Xlsx ? ReadXlsx(file) : ReadCsv(file);

    /// <summary>UTF-8 unless the start of the file is not valid UTF-8, in which case GB18030 (Chinese Excel's "CSV").</summary>
    public static Encoding SniffEncoding(Stream file)
    {
        var sample = new byte[64 * 1024];
        var n = file.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        file.Position = 0;
        ReadOnlySpan<byte> s = sample.AsSpan(0, n);
        if (s.StartsWith("\xEF\xBB\xBF"u8) || s.StartsWith(new byte[] { 0xFF, 0xFE }) || s.StartsWith(new byte[] { 0xFE, 0xFF }))
            return Encoding.UTF8; // a byte order mark decides (the reader honours UTF-16 marks itself)
        if (s.IndexOf((byte)0) >= 0) throw ImportFileException.Because("文件不是文本格式的 CSV，也不是 .xlsx 表格");
        if (n == sample.Length) s = TrimPartialUtf8(s); // the sample may end inside a character
        return System.Text.Unicode.Utf8.IsValid(s) ? Encoding.UTF8 : Encoding.GetEncoding("GB18030");
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

    private static IEnumerable<SourceRow> ReadCsv(Stream file)
    {
        var encoding = SniffEncoding(file);
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            Encoding = encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        using var csv = CsvReader.Create(file, options, leaveOpen: true);
        int[] map;
        try
        {
            var headers = csv.Headers;
            if (headers.Count == 0) throw ImportFileException.Because("文件中没有表头和数据");
            map = ComplaintText.MapHeader([.. headers]);
        }
        catch (CsvFormatException ex)
        {
            throw ImportFileException.Because($"表头格式有误：{ex.Message}");
        }
        var errors = new List<Rejection>();
        while (true)
        {
            try
            {
                if (!csv.Read()) yield break;
            }
            catch (CsvFormatException ex)
            {
                throw ImportFileException.Because($"CSV 格式有误（第 {csv.LineNumber} 行附近），文件未导入：{ex.Message}");
            }
            var row = (int)csv.LineNumber;
            errors.Clear();
            var fields = ComplaintText.Parse(c => map[(int)c] is var i and >= 0 ? Decoded(csv.GetString(i), c, row, errors) : null, row, errors);
            yield return new SourceRow(row, fields, errors.Count > 0 ? [.. errors] : null);
        }
    }

    /// <summary>A replacement character means bytes that were not text in the file's encoding.</summary>
    private static string? Decoded(string value, ComplaintColumn column, int row, List<Rejection> errors)
    {
        if (!value.Contains('\uFFFD')) return value;
        errors.Add(new(row, null, ComplaintText.Label(column), "含有无法识别的字符：请将文件保存为 UTF-8 或 GB18030 编码的 CSV"));
        return null;
    }

    private static IEnumerable<SourceRow> ReadXlsx(Stream file)
    {
        CheckZip(file);
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(file, false, new OpenSettings { MaxCharactersInPart = MaxXlsxUnpackedBytes });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException)
        {
            throw ImportFileException.Because("无法打开该 .xlsx 文件：文件已损坏或不是 Excel 表格");
        }
        using (document)
        {
            var workbook = document.WorkbookPart ?? throw ImportFileException.Because(".xlsx 文件中没有工作簿");
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw ImportFileException.Because(".xlsx 文件中没有工作表");
            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                throw ImportFileException.Because(".xlsx 文件的第一个工作表无法读取");
            var strings = SharedStrings(workbook);

            int[]? map = null;
            var errors = new List<Rejection>();
            var cells = new Dictionary<int, string>();
            using var reader = Guarded(() => OpenXmlReader.Create(part));
            while (Guarded(reader.Read))
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                var row = (Row)Guarded(reader.LoadCurrentElement)!;
                var number = (int)(row.RowIndex?.Value ?? 0);
                cells.Clear();
                var position = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position;
                    position = column + 1;
                    if (CellText(cell, strings) is { Length: > 0 } text) cells[column] = text;
                }
                if (cells.Count == 0) continue;
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
            if (map is null) throw ImportFileException.Because(".xlsx 文件的第一个工作表是空的");
        }
    }

    private static T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or OpenXmlPackageException or InvalidOperationException)
        {
            throw ImportFileException.Because(".xlsx 文件内容有误，无法读取（文件可能已损坏）");
        }
    }

    /// <summary>Entry count and unpacked size, read from the zip directory before anything is unpacked.</summary>
    private static void CheckZip(Stream file)
    {
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxXlsxEntries) throw ImportFileException.Because($".xlsx 文件包含的部件过多（{zip.Entries.Count} 个），不像是 12345 导出的表格");
            var total = zip.Entries.Sum(e => e.Length);
            if (total > MaxXlsxUnpackedBytes)
                throw ImportFileException.Because($".xlsx 文件解压后过大（{total / (1 << 20)} MB，上限 {MaxXlsxUnpackedBytes / (1 << 20)} MB）");
        }
        catch (InvalidDataException)
        {
            throw ImportFileException.Because("无法打开该 .xlsx 文件：压缩包已损坏");
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>The shared strings, read as a stream (an export with a million distinct numbers has a million of them).</summary>
    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var result = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return result;
        using var reader = Guarded(() => OpenXmlReader.Create(part));
        while (Guarded(reader.Read))
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                result.Add(((SharedStringItem)Guarded(reader.LoadCurrentElement)!).InnerText);
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
        }
        return index - 1;
    }
}
