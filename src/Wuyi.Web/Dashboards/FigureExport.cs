using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Dashboards;

/// <summary>A figures table as a file: .xlsx (the default) or CSV, named after the table, the unit and the day.</summary>
public static class FigureExport
{
    public static (byte[] Bytes, string Type, string Name)? File(FigureTable table, string unitName, DateOnly day, string? format)
    {
        var header = table.Header;
        var rows = table.Rows.Concat(table.Footer is { } f ? [f] : []).Select(r => (IReadOnlyList<string?>)r.Select(c => (string?)c.Text).ToList()).ToList();
        var name = $"{table.Title}-{unitName}-{day:yyyyMMdd}";
        return format?.ToLowerInvariant() switch
        {
            "csv" => (CsvExport.Build(header, rows), XlsxExport.CsvType, name + ".csv"),
            null or "" or "xlsx" => (XlsxExport.Build(Sheet(table.Title), header, rows), XlsxExport.Type, name + ".xlsx"),
            _ => null,
        };
    }

    /// <summary>A sheet's name: at most 31 characters, none of those Excel forbids.</summary>
    private static string Sheet(string title)
    {
        var clean = new string(title.Select(c => "[]:*?/\\".Contains(c) ? '-' : c).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }
}
