using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Dashboards;

/// <summary>
/// A figures table as a download (.xlsx by default, or CSV) through the lists' one writer: a column of numbers is
/// a number column in Excel, the rest text; the total row last. Named after the table, the unit and the day.
/// </summary>
public static class FigureExport
{
    public static ExportDownload<IReadOnlyList<FigureCell>> Download(FigureTable table, string unitName, DateOnly day, string? format)
    {
        var kind = Exports.FormatOf(format);
        var rows = table.Rows.Concat(table.Footer is { } f ? [f] : []).ToList();
        var export = new TableExport<IReadOnlyList<FigureCell>>("统计分析：" + table.Title, Sheet(table.Title));
        for (var i = 0; i < table.Header.Count; i++)
        {
            var column = i;
            var numeric = i > 0 && rows.Count > 0 && rows.All(r => r[column].Number is not null || r[column].Text is "—" or "");
            if (numeric) export.Number(table.Header[i], r => r[column].Number, width: Math.Max(10, table.Header[i].Length * 2 + 2));
            else export.Text(table.Header[i], r => r[column].Text, width: i == 0 ? 22 : Math.Max(12, table.Header[i].Length * 2 + 2));
        }
        return export.Download(kind, $"{table.Title}-{unitName}-{day:yyyyMMdd}", () => Exports.From(rows));
    }

    /// <summary>A sheet's name: at most 31 characters, none of those Excel forbids.</summary>
    private static string Sheet(string title)
    {
        var clean = new string(title.Select(c => "[]:*?/\\".Contains(c) ? '-' : c).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }
}
