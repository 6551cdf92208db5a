using CsvHelper;
using Wuyi.Web.Hotline;

namespace Wuyi.Web.Infrastructure;

/// <summary>One data row of an uploaded table: its row number as the spreadsheet shows it and its cells by column.</summary>
public sealed record SpreadsheetRow(int Row, string?[] Cells);

/// <summary>
/// A small table a person uploads (the accounts file, a duty roster): CSV (UTF-8 or GB18030) or XLSX (the first sheet),
/// told apart by content, an XLSX read by the 12345 import's own reader (<see cref="ComplaintFile.XlsxRows"/>: zip bombs,
/// DTDs, cell and column limits), the header row and the data rows held in memory, blank rows left out, at most
/// <c>maxRows</c> of them.
/// </summary>
public static class SpreadsheetFile
{
    /// <param name="kind">What the file should be, for the refusals (“不像是{kind}”).</param>
    /// <param name="tooManyRows">The refusal of a file past <paramref name="maxRows"/> data rows.</param>
    public static (string[] Header, List<SpreadsheetRow> Rows) Read(Stream file, string kind, int maxRows, Func<ImportFileException> tooManyRows) =>
        ComplaintFile.Detect(file) == ComplaintFile.Format.Xlsx ? ReadXlsx(file, kind, maxRows, tooManyRows) : ReadCsv(file, maxRows, tooManyRows);

    private static (string[], List<SpreadsheetRow>) ReadCsv(Stream file, int maxRows, Func<ImportFileException> tooManyRows)
    {
        try
        {
            using var csv = CsvReader.Create(file, ComplaintFile.CsvOptions(file), leaveOpen: true);
            var header = csv.Headers.Select(h => (h ?? "").TrimStart('\uFEFF')).ToArray();
            if (header.Length == 0) throw ImportFileException.Because("文件中没有表头和数据");
            var rows = new List<SpreadsheetRow>();
            while (csv.Read())
            {
                var cells = new string?[Math.Max(csv.FieldCount, header.Length)];
                for (var i = 0; i < csv.FieldCount; i++) cells[i] = csv.GetString(i);
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count == maxRows) throw tooManyRows();
                rows.Add(new SpreadsheetRow((int)csv.LineNumber, cells));
            }
            return (header, rows);
        }
        catch (CsvFormatException ex)
        {
            throw ImportFileException.Because($"CSV 格式有误，文件未导入：{ex.Message}");
        }
    }

    private static (string[], List<SpreadsheetRow>) ReadXlsx(Stream file, string kind, int maxRows, Func<ImportFileException> tooManyRows)
    {
        string[]? header = null;
        var rows = new List<SpreadsheetRow>();
        foreach (var (number, cells) in ComplaintFile.XlsxRows(file, kind))
        {
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            var values = Enumerable.Range(0, cells.Keys.Max() + 1).Select(i => cells.GetValueOrDefault(i)).ToArray();
            if (header is null)
            {
                header = [.. values.Select(v => v ?? "")];
                continue;
            }
            if (rows.Count == maxRows) throw tooManyRows();
            rows.Add(new SpreadsheetRow(number, values));
        }
        return (header ?? throw ImportFileException.Because(".xlsx 文件的第一个工作表是空的"), rows);
    }
}
