using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// Lists and import templates as .xlsx, for the files an official downloads (the account and 12345 import templates,
/// initial passwords): every cell a text cell, so codes and phone numbers stay text and nothing is a formula.
/// </summary>
public static class XlsxExport
{
    public const string Type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>A sheet of text cells (codes and phones stay text, nothing is a formula), the header in bold-free plain text.</summary>
    public static byte[] Build(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
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

    /// <summary>An import's template in the format asked for (.xlsx by default, or .csv), or null for a format there is none in.</summary>
    public static (byte[] Bytes, string Type, string Name)? Template(string? format, string name, string sheetName, IReadOnlyList<string> header,
        IReadOnlyList<IReadOnlyList<string?>> examples) => format?.ToLowerInvariant() switch
        {
            "csv" => (CsvExport.Build(header, examples), CsvType, name + ".csv"),
            null or "" or "xlsx" => (Build(sheetName, header, examples), Type, name + ".xlsx"),
            _ => null,
        };
}
