using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Wuyi.Web.Tests.Hotline;

/// <summary>Hotline exports as the hotline writes them: CSV text (UTF-8 or GB18030) and real XLSX workbooks.</summary>
public static class HotlineFiles
{
    public const string Header = "工单编号,受理时间,社区编码,是否涉疫,答复时限,答复时间,回访结果";

    static HotlineFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A row received on a day of June 2022 (Beijing), due a day later, answered <paramref name="answeredAfterHours"/> after receipt.</summary>
    public static string Row(string number, string community, int day, bool epidemic = true, int? answeredAfterHours = 2, string followUp = "满意") =>
        $"{number},2022-06-{day:00} 10:00:00,{community},{(epidemic ? "是" : "否")},2022-06-{day + 1:00} 10:00:00," +
        $"{(answeredAfterHours is { } h ? new DateTime(2022, 6, day, 10, 0, 0).AddHours(h).ToString("yyyy-MM-dd HH:mm:ss") : "")},{followUp}";

    /// <summary>Uploads a hotline file to the import endpoint as the import page does (multipart, the type told by the name).</summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string name = "12345导出.csv", bool skipInvalid = false)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(
            name.EndsWith(".xlsx", StringComparison.Ordinal) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(content, "file", name);
        return client.PostAsync($"/api/v1/hotline/imports?skipInvalid={(skipInvalid ? "true" : "false")}", form);
    }

    public static byte[] Csv(IEnumerable<string> rows, string header = Header, Encoding? encoding = null) =>
        (encoding ?? new UTF8Encoding(false)).GetBytes(string.Join("\r\n", rows.Prepend(header)) + "\r\n");

    public static byte[] Gb18030(IEnumerable<string> rows, string header = Header) => Csv(rows, header, Encoding.GetEncoding("GB18030"));

    /// <summary>An XLSX whose first sheet holds these rows: strings as shared strings, numbers as numbers (Excel's date serials too).</summary>
    public static byte[] Xlsx(IEnumerable<object?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint r = 0;
            foreach (var values in rows)
            {
                var row = new Row { RowIndex = ++r };
                for (var c = 0; c < values.Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r}";
                    switch (values[c])
                    {
                        case null:
                            break;
                        case double d:
                            row.Append(new Cell { CellReference = reference, CellValue = new CellValue(d) });
                            break;
                        case var v:
                            var text = v.ToString()!;
                            if (!index.TryGetValue(text, out var i))
                            {
                                i = index[text] = index.Count;
                                strings.SharedStringTable.Append(new SharedStringItem(new Text(text)));
                            }
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(i) });
                            break;
                    }
                }
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "诉求" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }
}
