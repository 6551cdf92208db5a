using System.Net.Http.Headers;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Tests.Supervision;

/// <summary>Duty rosters as a community would upload them, in the template's columns.</summary>
public static class DutyRosterFiles
{
    public static readonly string[] Header = ["卡口名称", "日期", "开始时间", "结束时间", "值守人员"];

    /// <summary>
    /// 东门卡口 from the night of June 13 to June 15: June 14 covered in full (the night shift of the 13th covers its
    /// morning), June 15 with a 7-hour gap from 17:00 (the day shift ends early).
    /// </summary>
    public static readonly string[][] WithAGap =
    [
        ["东门卡口", "2022-06-13", "20:00", "08:00", "王五"],
        ["东门卡口", "2022-06-14", "08:00", "20:00", "张三、李四"],
        ["东门卡口", "2022-06-14", "20:00", "08:00", "王五"],
        ["东门卡口", "2022-06-15", "08:00", "17:00", "张三"],
    ];

    public static byte[] Csv(IEnumerable<string[]> rows, string[]? header = null) => CsvExport.Build(header ?? Header, [.. rows]);

    public static byte[] Xlsx(IEnumerable<string[]> rows) => XlsxExport.Build("值守排班", Header, [.. rows]);

    public static MultipartFormDataContent Form(byte[] file, string name = "排班表.csv", string field = "file")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".xlsx", StringComparison.Ordinal) ? XlsxExport.Type : "text/csv");
        form.Add(part, field, name);
        return form;
    }

    public static Task<HttpResponseMessage> UploadRoster(this HttpClient client, string code, byte[] file, string name = "排班表.csv") =>
        client.PostAsync($"/api/v1/communities/{code}/duty-roster", Form(file, name));
}
