using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Wuyi.Web.Tests.Exports;

/// <summary>
/// An exported .xlsx read back with the SDK: validated first (<see cref="OpenXmlValidator"/>, no error allowed), then its
/// header, cells (text, number, date by their style), frozen pane and filter, as a reader of the file would see them.
/// </summary>
public sealed class Workbook
{
    private readonly Dictionary<string, Cell> _cells = new(StringComparer.Ordinal);
    private readonly CellFormats _formats;
    private readonly NumberingFormats? _numberFormats;

    public IReadOnlyList<string> Header { get; }
    public int DataRows { get; }
    public Pane? Pane { get; }
    public string? AutoFilter { get; }
    public string SheetName { get; }

    private Workbook(SpreadsheetDocument document)
    {
        var part = document.WorkbookPart!;
        SheetName = part.Workbook.Sheets!.Elements<Sheet>().Single().Name!;
        var sheet = part.WorksheetParts.Single().Worksheet;
        var styles = part.WorkbookStylesPart!.Stylesheet;
        _formats = styles.CellFormats!;
        _numberFormats = styles.NumberingFormats;
        var rows = sheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        foreach (var cell in rows.SelectMany(r => r.Elements<Cell>())) _cells[cell.CellReference!] = cell;
        Header = [.. rows[0].Elements<Cell>().Select(c => c.InlineString!.InnerText)];
        DataRows = rows.Count - 1;
        Pane = sheet.Descendants<Pane>().SingleOrDefault();
        AutoFilter = sheet.GetFirstChild<AutoFilter>()?.Reference;
        HeaderBold = rows[0].Elements<Cell>().All(c => Font(c)?.Bold is not null);
        Font? Font(Cell c) => styles.Fonts!.Elements<Font>().ElementAt((int)((CellFormat)_formats.ElementAt((int)c.StyleIndex!.Value)).FontId!.Value);
    }

    public bool HeaderBold { get; }

    /// <summary>Reads the file, failing with every validation error when the SDK finds any.</summary>
    public static Workbook Read(byte[] bytes)
    {
        bytes.Take(2).ShouldBe("PK"u8.ToArray(), "an .xlsx is a zip");
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).ToList();
        errors.ShouldBeEmpty(string.Join("\n", errors.Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")));
        return new Workbook(document);
    }

    public static async Task<Workbook> ReadAsync(HttpResponseMessage response)
    {
        await Infrastructure.Api.ShouldBe(response, System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.ShouldEndWith(".xlsx");
        return Read(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The data rows' values of a column, by its header (text as written, numbers and dates as their stored value).</summary>
    public IReadOnlyList<string?> Column(string header)
    {
        var at = Header.ToList().IndexOf(header);
        at.ShouldBeGreaterThanOrEqualTo(0, $"no column {header} in {string.Join(",", Header)}");
        var letter = Letter(at);
        return [.. Enumerable.Range(2, DataRows).Select(r => _cells.TryGetValue(letter + r, out var c) ? Value(c) : null)];
    }

    public string Reference(string header, int dataRow) => Letter(Header.ToList().IndexOf(header)) + (dataRow + 1);

    public Cell? CellAt(string reference) => _cells.GetValueOrDefault(reference);

    /// <summary>A text cell: an inline string (never a formula, never a number that loses its zeros).</summary>
    public string TextAt(string reference)
    {
        var cell = _cells[reference];
        cell.DataType!.Value.ShouldBe(CellValues.InlineString, reference);
        cell.CellFormula.ShouldBeNull();
        return cell.InlineString!.InnerText;
    }

    /// <summary>A date cell: a number with a date format (yyyy-mm-dd, or with the time), as Excel reads it.</summary>
    public DateTime DateAt(string reference, bool withTime)
    {
        var cell = _cells[reference];
        cell.DataType.ShouldBeNull(reference); // a number
        var format = ((CellFormat)_formats.ElementAt((int)cell.StyleIndex!.Value)).NumberFormatId!.Value;
        var code = _numberFormats?.Elements<NumberingFormat>().SingleOrDefault(n => n.NumberFormatId!.Value == format)?.FormatCode?.Value ?? "";
        code.ShouldStartWith("yyyy-mm-dd");
        code.Contains("hh:mm", StringComparison.Ordinal).ShouldBe(withTime);
        return DateTime.FromOADate(double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
    }

    public decimal NumberAt(string reference)
    {
        var cell = _cells[reference];
        cell.DataType.ShouldBeNull(reference);
        return decimal.Parse(cell.CellValue!.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The header row stays in sight: a frozen pane below row 1, the filter over the whole table.</summary>
    public void ShouldHaveFrozenHeaderAndFilter()
    {
        Pane.ShouldNotBeNull();
        Pane.State!.Value.ShouldBe(PaneStateValues.Frozen);
        Pane.VerticalSplit!.Value.ShouldBe(1d);
        Pane.TopLeftCell!.Value.ShouldBe("A2");
        AutoFilter.ShouldBe($"A1:{Letter(Header.Count - 1)}{DataRows + 1}");
        HeaderBold.ShouldBeTrue();
    }

    private static string? Value(Cell c) => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text;

    private static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : Letter(index / 26 - 1) + (char)('A' + index % 26);
}
