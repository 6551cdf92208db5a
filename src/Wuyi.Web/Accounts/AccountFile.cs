using System.Globalization;
using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>One data row of an accounts file: its row number as the spreadsheet shows it and its cells by column.</summary>
public sealed record AccountFileRow(int Row, string?[] Cells);

/// <summary>
/// The accounts file (账号导入表): CSV (UTF-8 or GB18030) or XLSX (the first sheet), told apart by content, read with
/// the same bounds as the 12345 import (zip bombs, DTDs, cell and column limits); and the files written for the
/// administrator — the template and the initial passwords — as CSV (through <see cref="CsvExport"/>) or XLSX (text cells).
/// </summary>
public static class AccountFile
{
    /// <summary>A city's communities and streets are ~8,000 rows; the whole country's ~660,000 would be a different job.</summary>
    public const int MaxRows = 50_000;

    /// <summary>8,000 rows of five short columns are well under 1 MB; room for a few more columns nobody reads.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The header row and the data rows (blank rows left out).</summary>
    public static (string[] Header, List<AccountFileRow> Rows) Read(Stream file) =>
        ComplaintFile.Detect(file) == ComplaintFile.Format.Xlsx ? ReadXlsx(file) : ReadCsv(file);

    private static (string[], List<AccountFileRow>) ReadCsv(Stream file)
    {
        var encoding = ComplaintFile.SniffEncoding(file);
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            Encoding = encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding,
            TrackLineNumbers = true,
            MaxRecordSize = ComplaintFile.MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        try
        {
            using var csv = CsvReader.Create(file, options, leaveOpen: true);
            var header = csv.Headers.Select(h => (h ?? "").TrimStart('\uFEFF')).ToArray();
            if (header.Length == 0) throw ImportFileException.Because("文件中没有表头和数据");
            var rows = new List<AccountFileRow>();
            while (csv.Read())
            {
                var cells = new string?[Math.Max(csv.FieldCount, header.Length)];
                for (var i = 0; i < csv.FieldCount; i++) cells[i] = csv.GetString(i);
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count == MaxRows) throw TooManyRows();
                rows.Add(new AccountFileRow((int)csv.LineNumber, cells));
            }
            return (header, rows);
        }
        catch (CsvFormatException ex)
        {
            throw ImportFileException.Because($"CSV 格式有误，文件未导入：{ex.Message}");
        }
    }

    private static ImportFileException TooManyRows() =>
        ImportFileException.Because($"文件超过 {MaxRows:N0} 行的上限，请按区分开后分别导入");

    private static (string[], List<AccountFileRow>) ReadXlsx(Stream file)
    {
        ComplaintFile.CheckZip(file);
        try
        {
            using var document = SpreadsheetDocument.Open(file, false, new OpenSettings { MaxCharactersInPart = ComplaintFile.MaxXlsxUnpackedBytes });
            var workbook = document.WorkbookPart ?? throw ImportFileException.Because(".xlsx 文件中没有工作簿");
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw ImportFileException.Because(".xlsx 文件中没有工作表");
            if (sheet.Id?.Value is not { } id || !workbook.TryGetPartById(id, out var first) || first is not WorksheetPart part)
                throw ImportFileException.Because(".xlsx 文件的第一个工作表无法读取");
            var strings = new List<string>();
            if (workbook.SharedStringTablePart is { } shared)
            {
                using var sr = OpenXmlReader.Create(shared);
                while (sr.Read())
                {
                    if (sr.ElementType != typeof(SharedStringItem) || !sr.IsStartElement) continue;
                    if (strings.Count == ComplaintFile.MaxSharedStrings) throw ImportFileException.Because(".xlsx 文件中的字符串过多，不像是账号导入表");
                    strings.Add(Bounded(((SharedStringItem)sr.LoadCurrentElement()!).InnerText));
                }
            }
            string[]? header = null;
            var rows = new List<AccountFileRow>();
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                var row = (Row)reader.LoadCurrentElement()!;
                var cells = new Dictionary<int, string>();
                var position = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position;
                    if (column >= ComplaintFile.MaxColumns) throw ImportFileException.Because(".xlsx 文件的列数超过 Excel 的上限，不像是账号导入表");
                    position = column + 1;
                    if (CellText(cell, strings) is { Length: > 0 } text) cells[column] = Bounded(text);
                }
                if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
                var width = cells.Keys.Max() + 1;
                var values = Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i)).ToArray();
                if (header is null)
                {
                    header = [.. values.Select(v => v ?? "")];
                    continue;
                }
                if (rows.Count == MaxRows) throw TooManyRows();
                rows.Add(new AccountFileRow((int)Math.Min(row.RowIndex?.Value ?? (uint)(rows.Count + 2), int.MaxValue), values));
            }
            return (header ?? throw ImportFileException.Because(".xlsx 文件的第一个工作表是空的"), rows);
        }
        catch (Exception ex) when (ex is not (ImportFileException or OperationCanceledException or OutOfMemoryException))
        {
            // The SDK and System.IO.Packaging fail on hostile input in many ways: each is a file that cannot be read.
            throw ImportFileException.Because(".xlsx 文件内容有误，无法读取（文件可能已损坏，或不是 Excel 保存的表格）");
        }
    }

    private static string Bounded(string text) => text.Length <= ComplaintFile.MaxCellLength ? text
        : throw ImportFileException.Because($".xlsx 文件中有单元格超过 Excel 的上限（{ComplaintFile.MaxCellLength} 个字符）");

    private static string? CellText(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : null;
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText;
        return raw; // a number cell: a phone or a code typed as a number reads as its digits
    }

    /// <summary>"AB12" → 27 (0-based).</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
            if (index > ComplaintFile.MaxColumns) return ComplaintFile.MaxColumns;
        }
        return index - 1;
    }

    /// <summary>A sheet of text cells (codes and phones stay text, nothing is a formula), the header in bold-free plain text.</summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Line(1, header));
            var n = 1;
            foreach (var row in rows) data.Append(Line(++n, row));
            worksheet.Worksheet = new Worksheet(
                new Columns(header.Select((_, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = 22, CustomWidth = true })),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }
        return memory.ToArray();
    }

    private static Row Line(int number, IReadOnlyList<string?> values)
    {
        var row = new Row { RowIndex = (uint)number };
        for (var i = 0; i < values.Count; i++)
            row.Append(new Cell
            {
                CellReference = Column(i) + number.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(values[i] ?? "") { Space = SpaceProcessingModeValues.Preserve }),
            });
        return row;
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);
}
