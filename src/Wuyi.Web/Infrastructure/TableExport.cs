using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Wuyi.Domain.Common;
using Wuyi.Web.DynamicManagement;

namespace Wuyi.Web.Infrastructure;

/// <summary>How a column's cells are written: text (codes keep their leading zeros), a number, a date, a time (Beijing time).</summary>
public enum CellKind
{
    Text,
    Number,
    Date,
    DateTime,
}

/// <summary>A list's export format: .xlsx (the default) or CSV (UTF-8 with a BOM).</summary>
public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>One column of an export: its Chinese header, its kind, its width in Excel's units (about one per Latin letter, two per Chinese character).</summary>
/// <param name="Field">The column's stable English name when the list is also published as a dataset (开放数据), else null.</param>
public sealed record ExportColumn<T>(string Header, CellKind Kind, double Width, Func<T, object?> Value, DatasetField? Field = null);

/// <summary>
/// A column as an open dataset documents it: the stable English name used as the header of its CSV and .xlsx and as the
/// key in its JSON (never renamed within a schema version), what it means, and an example value.
/// </summary>
public sealed record DatasetField(string Name, string Description, string Example);

/// <summary>
/// A list as people take it away (导出): the columns described once, written as .xlsx or as CSV from the same rows.
/// Rows come as a stream (an EF query's <c>AsAsyncEnumerable</c>) and go out as they come, never all in memory.
/// </summary>
public sealed class TableExport<T>(string list, string sheet)
{
    private readonly List<ExportColumn<T>> _columns = [];

    /// <summary>What the list is called (申报, 审计记录…): the audit line and the file name say it.</summary>
    public string List { get; } = list;

    public string Sheet { get; } = sheet;

    public IReadOnlyList<ExportColumn<T>> Columns => _columns;

    public TableExport<T> Text(string header, Func<T, string?> value, double width = 16) => Add(header, CellKind.Text, width, value);

    public TableExport<T> Number(string header, Func<T, decimal?> value, double width = 10) => Add(header, CellKind.Number, width, x => value(x));

    public TableExport<T> Date(string header, Func<T, DateOnly?> value, double width = 12) => Add(header, CellKind.Date, width, x => value(x));

    /// <summary>A moment stored in UTC, written in Beijing time.</summary>
    public TableExport<T> Time(string header, Func<T, DateTime?> value, double width = 18) => Add(header, CellKind.DateTime, width, x => value(x));

    /// <summary>A community's place as four columns: 社区（村）, 区划代码, 街道（乡镇）, 区.</summary>
    public TableExport<T> Place(Func<T, Place> place) => this
        .Text("社区（村）", x => place(x).Community.Name, 24)
        .Text("区划代码", x => place(x).Community.Code, 15)
        .Text("街道（乡镇）", x => place(x).Street.Name, 18)
        .Text("区", x => place(x).District.Name, 10);

    /// <summary>Names the column just added as a dataset field (<see cref="DatasetField"/>).</summary>
    public TableExport<T> Field(string name, string description, string example)
    {
        _columns[^1] = _columns[^1] with { Field = new DatasetField(name, description, example) };
        return this;
    }

    /// <summary>
    /// The same list as a dataset: only the columns named as fields, in the same order, each headed by its field name.
    /// The cells come from the same <see cref="ExportColumn{T}.Value"/>: the page's export and the dataset never disagree.
    /// </summary>
    public TableExport<T> AsDataset(string list, string sheet)
    {
        var dataset = new TableExport<T>(list, sheet);
        dataset._columns.AddRange(_columns.Where(c => c.Field is not null).Select(c => c with { Header = c.Field!.Name }));
        return dataset;
    }

    private TableExport<T> Add(string header, CellKind kind, double width, Func<T, object?> value)
    {
        _columns.Add(new ExportColumn<T>(header, kind, width, value));
        return this;
    }

    /// <summary>The rows written to <paramref name="output"/> in the format asked for; answers how many rows were written.</summary>
    public Task<int> WriteAsync(Stream output, ExportFormat format, IAsyncEnumerable<T> rows, CancellationToken ct) => format == ExportFormat.Csv
        ? TableWriter.WriteCsvAsync(output, this, rows, ct)
        : TableWriter.WriteXlsxAsync(output, this, rows, ct);
}

/// <summary>
/// Writes a <see cref="TableExport{T}"/>. The .xlsx is a zip written forward only (<see cref="ZipArchiveMode.Create"/>: no
/// entry is kept in memory) with the sheet through the SDK's <see cref="OpenXmlWriter"/> and inline strings (no shared-string
/// table to hold); the bytes go out in chunks of about 64 KB, awaited, so the response is never written synchronously.
/// </summary>
public static class TableWriter
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";
    private const int ChunkBytes = 64 * 1024;

    // Styles (cellXfs), in the order of the styles part below.
    private const uint StyleHeader = 1, StyleText = 2, StyleDate = 3, StyleDateTime = 4, StyleNumber = 5;

    /// <summary>The media type and file extension of a format.</summary>
    public static (string Type, string Extension) Describe(ExportFormat format) => format == ExportFormat.Csv ? (CsvType, ".csv") : (XlsxType, ".xlsx");

    /// <summary>The format a request names (<c>xlsx</c>, the default, or <c>csv</c>), or null for one there is none in.</summary>
    public static ExportFormat? Parse(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "xlsx" => ExportFormat.Xlsx,
        "csv" => ExportFormat.Csv,
        _ => null,
    };

    public static async Task<int> WriteCsvAsync<T>(Stream output, TableExport<T> table, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), ChunkBytes, leaveOpen: true);
        var columns = table.Columns;
        await writer.WriteAsync(string.Join(',', columns.Select(c => CsvExport.Cell(c.Header))) + "\r\n");
        var line = new StringBuilder();
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            line.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(CsvExport.Cell(CsvText(columns[i].Kind, columns[i].Value(row))));
            }
            line.Append("\r\n");
            await writer.WriteAsync(line, ct);
            count++;
        }
        await writer.FlushAsync(ct);
        return count;
    }

    private static string? CsvText(CellKind kind, object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => ProgrammeClock.FromUtc(t).ToOffset(ProgrammeClock.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        _ => kind == CellKind.Text ? value.ToString() : Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static async Task<int> WriteXlsxAsync<T>(Stream output, TableExport<T> table, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        var chunks = new ChunkedStream(output);
        var columns = table.Columns;
        var number = 1;
        using (var zip = new ZipArchive(chunks, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            Part(zip, "[Content_Types].xml", ContentTypes);
            Part(zip, "_rels/.rels", PackageRels);
            Part(zip, "xl/_rels/workbook.xml.rels", WorkbookRels);
            Part(zip, "xl/styles.xml", Styles());
            await chunks.DrainAsync(ct);

            var letters = columns.Select((_, i) => ColumnName(i)).ToArray();
            using (var sheetStream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open())
            using (var writer = new OpenXmlPartWriter(sheetStream, Encoding.UTF8))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetViews());
                writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
                // The header row stays in sight while scrolling (冻结首行).
                writer.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
                writer.WriteElement(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteStartElement(new Columns());
                for (var i = 0; i < columns.Count; i++)
                    writer.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = columns[i].Width, CustomWidth = true });
                writer.WriteEndElement();
                writer.WriteStartElement(new SheetData());

                var cell = new Cell();
                var inline = new InlineString();
                var text = new Text();
                var cellValue = new CellValue();
                var row = new Row();
                var attributes = new List<OpenXmlAttribute>(3);

                void Start(string reference, uint style, bool isText)
                {
                    attributes.Clear();
                    attributes.Add(new OpenXmlAttribute("r", "", reference));
                    attributes.Add(new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture)));
                    if (isText) attributes.Add(new OpenXmlAttribute("t", "", "inlineStr"));
                    writer.WriteStartElement(cell, attributes);
                }

                void WriteText(string reference, uint style, string value)
                {
                    Start(reference, style, isText: true);
                    writer.WriteStartElement(inline);
                    writer.WriteStartElement(text, [new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")]);
                    writer.WriteString(XmlSafe(value));
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                void WriteNumber(string reference, uint style, double value)
                {
                    Start(reference, style, isText: false);
                    writer.WriteStartElement(cellValue);
                    writer.WriteString(value.ToString("R", CultureInfo.InvariantCulture));
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                writer.WriteStartElement(row, [new OpenXmlAttribute("r", "", "1")]);
                for (var i = 0; i < columns.Count; i++) WriteText(letters[i] + "1", StyleHeader, columns[i].Header);
                writer.WriteEndElement();

                await foreach (var item in rows.WithCancellation(ct))
                {
                    number++;
                    var r = number.ToString(CultureInfo.InvariantCulture);
                    writer.WriteStartElement(row, [new OpenXmlAttribute("r", "", r)]);
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var reference = letters[i] + r;
                        switch (columns[i].Value(item))
                        {
                            case null:
                                break;
                            case DateOnly d:
                                WriteNumber(reference, StyleDate, d.ToDateTime(TimeOnly.MinValue).ToOADate());
                                break;
                            case DateTime t:
                                WriteNumber(reference, StyleDateTime, ProgrammeClock.FromUtc(t).ToOffset(ProgrammeClock.Offset).DateTime.ToOADate());
                                break;
                            case decimal n:
                                WriteNumber(reference, StyleNumber, (double)n);
                                break;
                            case var other:
                                WriteText(reference, StyleText, Convert.ToString(other, CultureInfo.InvariantCulture) ?? "");
                                break;
                        }
                    }
                    writer.WriteEndElement();
                    if (chunks.Pending >= ChunkBytes) await chunks.DrainAsync(ct);
                }

                writer.WriteEndElement(); // sheetData
                var last = (columns.Count == 0 ? "A" : letters[^1]) + number.ToString(CultureInfo.InvariantCulture);
                writer.WriteElement(new AutoFilter { Reference = "A1:" + last });
                writer.WriteEndElement(); // worksheet
                writer.Close();
            }
            Part(zip, "xl/workbook.xml", Workbook(table.Sheet, columns.Count == 0 ? "A" : letters[^1], number));
        }
        await chunks.DrainAsync(ct);
        return number - 1;
    }

    /// <summary>Text as a spreadsheet cell takes it: a formula-like start neutralised (the CSV's rule), characters XML cannot carry left out.</summary>
    private static string XmlSafe(string value)
    {
        var v = CsvExport.Neutralise(value);
        foreach (var ch in v)
            if (!XmlConvert.IsXmlChar(ch) && !char.IsSurrogate(ch)) return new string([.. v.Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))]);
        return v;
    }

    /// <summary>A spreadsheet column's letters: A … Z, AA ….</summary>
    public static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = Encoding.UTF8.GetBytes(xml);
        stream.Write(bytes);
    }

    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""";

    private const string PackageRels =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""";

    private const string WorkbookRels =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""";

    /// <summary>The workbook: one sheet, and the hidden name Excel keeps its filter range under.</summary>
    private static string Workbook(string sheet, string lastColumn, int lastRow)
    {
        var name = SheetName(sheet);
        var quoted = "'" + name.Replace("'", "''") + "'";
        var workbook = new Workbook(
            new Sheets(new Sheet { Name = name, SheetId = 1, Id = "rId1" }),
            new DefinedNames(new DefinedName($"{quoted}!$A$1:${lastColumn}${lastRow}") { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true }));
        workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" + workbook.OuterXml;
    }

    /// <summary>A sheet name Excel takes: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']'))]).Trim('\'');
        return clean.Length == 0 ? "Sheet1" : clean.Length > 31 ? clean[..31] : clean;
    }

    /// <summary>Styles: plain, a bold header, text (@), dates (yyyy-mm-dd), times (yyyy-mm-dd hh:mm:ss), numbers.</summary>
    private static string Styles()
    {
        var styles = new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm:ss" })
            { Count = 2 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }))
            { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 })
            { Count = 6 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        return """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" + styles.OuterXml;
    }

    /// <summary>
    /// A forward-only stream the zip writes into (synchronously, as it must) and that is emptied into the real output with
    /// awaited writes between rows: what is pending never exceeds a chunk and one row.
    /// </summary>
    private sealed class ChunkedStream(Stream output) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public long Pending => _pending.Length;

        public async Task DrainAsync(CancellationToken ct)
        {
            if (_pending.Length == 0) return;
            await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
            _written += _pending.Length;
            _pending.SetLength(0);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written + _pending.Length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);
    }
}
