using System.Text;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// Lists as CSV for Excel: UTF-8 with a byte order mark (so Chinese Excel reads it), every cell quoted, and a cell that
/// begins like a formula (= + - @, tab, carriage return) neutralised with a leading apostrophe.
/// </summary>
public static class CsvExport
{
    public static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return "\"" + v.Replace("\"", "\"\"") + "\"";
    }

    public static byte[] Build(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in rows) text.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
