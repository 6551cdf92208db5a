using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Wuyi.Domain.Common;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// 开放数据 through the API: the certified list as a dataset (JSON, CSV, .xlsx), as it stands and as it stood at the end of
/// each day (decision 0014). The page <c>/public/data</c> links here.
/// </summary>
public static class OpenDataApi
{
    public const string Path = "/api/v1/public/datasets/certified";

    /// <summary>What a snapshot's file may be cached for anywhere: it never changes (its ETag is its SHA-256).</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    public static string Current(DatasetFormat format) => Path + "?format=" + OpenDataset.Name(format);

    public static string Snapshot(DateOnly date, DatasetFormat format) =>
        Path + "/" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "?format=" + OpenDataset.Name(format);

    public static RouteGroupBuilder MapOpenDataApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/public/datasets").WithTags("Open data").AllowAnonymous();

        g.MapGet("/certified", async (PublicQueries queries, TimeProvider time, HttpContext http, string? format, CancellationToken ct) =>
            {
                var f = OpenDataset.FormatOf(format);
                var rows = new List<CertifiedCommunity>();
                await foreach (var row in queries.StreamCertified(null, null, null).WithCancellation(ct)) rows.Add(row);
                var now = time.GetUtcNow();
                var file = await OpenDataset.WriteAsync(f, rows, ProgrammeClock.DateOf(now), snapshot: false, now, await queries.CityAsync(ct), ct);
                // Kept by the output cache until the list's version moves; browsers and proxies ask again every time.
                return Serve(http, file, null, f, "public, no-cache");
            })
            .CacheOutput(PublicOutputCache.Dataset)
            .Produces<DatasetDocument>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, null, Infrastructure.TableWriter.CsvType, Infrastructure.TableWriter.XlsxType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The certified list as it stands, as an open dataset: format=json (the default; the envelope: dataset, schemaVersion, date, "
                + "snapshot, generatedAt, count, rows keyed by the schema's field names), csv (UTF-8 with a BOM) or xlsx, headed by the same field names; "
                + "changes with every publication or revocation; cached by the list's version, ETag = SHA-256 of the file");

        g.MapGet("/certified/snapshots", async (OpenDataSnapshots snapshots, CancellationToken ct) => TypedResults.Ok(await snapshots.ListAsync(ct)))
            .WithSummary("Every day on record, newest first: the snapshot's row count and the SHA-256 of each file, or the reason the day is missing");

        g.MapGet("/certified/{date}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string date, string? format, OpenDataSnapshots snapshots,
                HttpContext http, CancellationToken ct) =>
            {
                var f = OpenDataset.FormatOf(format);
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    return Problem(StatusCodes.Status400BadRequest, "dataset-date-invalid", "日期无效",
                        $"日期应为北京时间的 YYYY-MM-DD，如 2022-06-18，收到“{date}”");
                return await snapshots.FileAsync(day, f, ct) switch
                {
                    null => Problem(StatusCodes.Status404NotFound, "snapshot-not-found", "没有该日的快照",
                        $"没有 {day:yyyy-MM-dd} 的认定名单快照：每日快照于次日零时（北京时间）留存，只有开始留存以来的日期才有"),
                    ({ Missing: true } entry, _) => Problem(StatusCodes.Status404NotFound, "snapshot-missing", "该日快照缺失",
                        $"{day:yyyy-MM-dd} 的认定名单快照缺失：{entry.MissingReason}"),
                    (_, { } file) => Serve(http, file, day, f, Immutable),
                    _ => throw new InvalidOperationException("a snapshot without its file"),
                };
            })
            .RequireRateLimiting(PublicExport.RateLimit)
            .Produces<DatasetDocument>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, null, Infrastructure.TableWriter.CsvType, Infrastructure.TableWriter.XlsxType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The certified list as it stood at the end of a Beijing day (date = YYYY-MM-DD), frozen: format=json, csv or xlsx, byte for byte "
                + "the file first served, ETag = its SHA-256, cacheable for ever; 400 dataset-date-invalid, 404 snapshot-not-found (no such day on "
                + "record) or snapshot-missing (the day could not be taken honestly: the reason is in the detail)");

        return api;
    }

    /// <summary>The file, with its SHA-256 as the ETag (a matching If-None-Match gets 304); CSV and .xlsx as attachments, JSON inline.</summary>
    private static FileContentHttpResult Serve(HttpContext http, DatasetFile file, DateOnly? snapshot, DatasetFormat format, string cacheControl)
    {
        http.Response.Headers.CacheControl = cacheControl;
        return TypedResults.File(file.Bytes, file.Type, format == DatasetFormat.Json ? null : OpenDataset.FileName(snapshot, format),
            entityTag: new EntityTagHeaderValue("\"" + file.Sha256 + "\""));
    }

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
