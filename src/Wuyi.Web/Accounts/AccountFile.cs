using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>One data row of an accounts file: its row number as the spreadsheet shows it and its cells by column.</summary>
public sealed record AccountFileRow(int Row, string?[] Cells);

/// <summary>
/// The accounts file (账号导入表), read as any uploaded table is (<see cref="SpreadsheetFile"/>: CSV or XLSX, the 12345
/// import's bounds on hostile files); and the files written for the
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
    public static (string[] Header, List<AccountFileRow> Rows) Read(Stream file)
    {
        var (header, rows) = SpreadsheetFile.Read(file, "账号导入表", MaxRows, TooManyRows);
        return (header, rows.ConvertAll(r => new AccountFileRow(r.Row, r.Cells)));
    }

    private static ImportFileException TooManyRows() =>
        ImportFileException.Because($"文件超过 {MaxRows:N0} 行的上限，请按区分开后分别导入");
}
