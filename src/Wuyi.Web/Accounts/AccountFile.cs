using System.Globalization;
using CsvHelper;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>One data row of an accounts file: its row number as the spreadsheet shows it and its cells by column.</summary>
public sealed record AccountFileRow(int Row, string?[] Cells);

/// <summary>
/// The accounts file (账号导入表): CSV (UTF-8 or GB18030) or XLSX (the first sheet), told apart by content, an XLSX read
/// by the 12345 import's own reader (<see cref="ComplaintFile.XlsxRows"/>: zip bombs, DTDs, cell and column limits); and the files written for the
/// administrator — the template and the initial passwords — as CSV (through <see cref="CsvExport"/>) or XLSX (<see cref="XlsxExport"/>).
/// </summary>
public static class AccountFile
{
    /// <summary>A city's communities and streets are ~8,000 rows; the whole country's ~660,000 would be a different job.</summary>
    public const int MaxRows = 50_000;

    /// <summary>8,000 rows of five short columns are well under 1 MB; room for a few more columns nobody reads.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    public const string XlsxType = XlsxExport.Type;
    public const string CsvType = XlsxExport.CsvType;

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
}
