using System.Globalization;
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
/// The accounts file (账号导入表): CSV (UTF-8 or GB18030) or XLSX (the first sheet), told apart by content, an XLSX read
/// by the 12345 import's own reader (<see cref="ComplaintFile.XlsxRows"/>: zip bombs, DTDs, cell and column limits); and the files written for the
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
        try
        {
            using var csv = CsvReader.Create(file, ComplaintFile.CsvOptions(file), leaveOpen: true);
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
        string[]? header = null;
        var rows = new List<AccountFileRow>();
        foreach (var (number, cells) in ComplaintFile.XlsxRows(file, "账号导入表"))
        {
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            var values = Enumerable.Range(0, cells.Keys.Max() + 1).Select(i => cells.GetValueOrDefault(i)).ToArray();
            if (header is null)
            {
                header = [.. values.Select(v => v ?? "")];
                continue;
            }
            if (rows.Count == MaxRows) throw TooManyRows();
            rows.Add(new AccountFileRow(number, values));
        }
        return (header ?? throw ImportFileException.Because(".xlsx 文件的第一个工作表是空的"), rows);
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
