using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wuyi.Domain.Common;
using Wuyi.Web.Audit;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// A list's export as the answer to a request, from a page handler (<see cref="IActionResult"/>) or an API endpoint
/// (<see cref="IResult"/>) alike: streamed to the response as the rows are read, and on record in the audit trail as one
/// line naming the list, the format, the filters (the request's query) and the row count.
/// </summary>
public sealed class ExportDownload<T>(TableExport<T> table, ExportFormat format, string fileName, Func<IAsyncEnumerable<T>> rows) : IResult, IActionResult
{
    /// <summary>Query parameters that choose the answer's shape, not the rows.</summary>
    private static readonly HashSet<string> NotFilters = new(StringComparer.OrdinalIgnoreCase) { "handler", "format", "page", "pageSize" };

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

    public async Task ExecuteAsync(HttpContext http)
    {
        // The first row is read before anything is written: a refusal (out of scope, a bad filter) is still a proper answer.
        var ct = http.RequestAborted;
        await using var first = rows().GetAsyncEnumerator(ct);
        var any = await first.MoveNextAsync();
        var (type, extension) = TableWriter.Describe(format);
        var audit = http.Audit();
        if (audit is not null)
        {
            audit.Record = true;
            audit.Export = true;
        }
        var filters = string.Join("&", http.Request.Query.Where(q => !NotFilters.Contains(q.Key) && !string.IsNullOrWhiteSpace(q.Value))
            .OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName + extension);
        http.Response.ContentType = type;
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "no-store";
        var count = await table.WriteAsync(http.Response.Body, format, Rest(first, any), ct);
        if (audit is not null)
            audit.Details = new JsonObject
            {
                ["List"] = table.List,
                ["Format"] = format == ExportFormat.Csv ? "csv" : "xlsx",
                ["Filters"] = filters.Length == 0 ? null : filters,
                ["Rows"] = count,
            }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The rows from an enumerator already moved to its first one.</summary>
    private static async IAsyncEnumerable<T> Rest(IAsyncEnumerator<T> rows, bool any)
    {
        if (!any) yield break;
        do yield return rows.Current;
        while (await rows.MoveNextAsync());
    }
}

/// <summary>Helpers for the lists' exports.</summary>
public static class Exports
{
    /// <summary>An unknown format: 400 with a stable code (the API), or the page's error.</summary>
    public static DomainException UnknownFormat(string? format) =>
        DomainException.Invalid("export-format-invalid", $"不支持的导出格式“{format}”，请选择 xlsx 或 csv",
            new Dictionary<string, string[]> { ["format"] = ["请选择 xlsx 或 csv"] });

    /// <summary>The format a request names, or a refusal.</summary>
    public static ExportFormat FormatOf(string? format) => TableWriter.Parse(format) ?? throw UnknownFormat(format);

    /// <summary>An export endpoint in the OpenAPI document: the file in either format, or a problem for a bad format.</summary>
    public static RouteHandlerBuilder ProducesExport(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces(StatusCodes.Status200OK, null, TableWriter.XlsxType, TableWriter.CsvType).ProducesProblem(StatusCodes.Status400BadRequest);

    /// <summary>Rows already at hand (an aggregate table, a dashboard's figures) as the stream an export takes.</summary>
    public static async IAsyncEnumerable<T> From<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }

    public static ExportDownload<T> Download<T>(this TableExport<T> table, ExportFormat format, string fileName, Func<IAsyncEnumerable<T>> rows) =>
        new(table, format, fileName, rows);

    /// <summary>
    /// A list read page by page through its own scoped query (the page size the lists allow), as a stream: for lists that
    /// join several tables per page; memory holds one page.
    /// </summary>
    public static async IAsyncEnumerable<T> Pages<T>(Func<int, CancellationToken, Task<Applications.Paged<T>>> page,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var n = 1; ; n++)
        {
            var result = await page(n, ct);
            foreach (var item in result.Items) yield return item;
            if (result.Items.Count < result.PageSize || (long)n * result.PageSize >= result.Total) yield break;
        }
    }
}
