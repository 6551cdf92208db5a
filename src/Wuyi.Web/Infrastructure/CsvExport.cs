using System.Text;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// Lists as CSV for Excel: UTF-8 with a byte order mark (so Chinese Excel reads it), every cell quoted, and a cell that
/// begins like a formula (= + - @, tab, carriage return) neutralised with a leading apostrophe.
/// </summary>
public static class CsvExport
{
    public static string Cell(string? value) => "\"" + Neutralise(value ?? "").Replace("\"", "\"\"") + "\"";

    /// <summary>
    /// The one rule for text that a spreadsheet could take as a formula (it begins with = + - @, a tab or a carriage
    /// return): a leading apostrophe, in CSV and .xlsx alike (<see cref="TableWriter"/>).
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static byte[] Build(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in rows) text.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
