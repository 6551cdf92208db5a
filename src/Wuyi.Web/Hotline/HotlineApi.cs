using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>12345 hotline complaints through the API: file imports, the hotline system's feed, and what is on record.</summary>
public static class HotlineApi
{
    /// <summary>One complaint as the hotline system sends it; times are ISO 8601 (Beijing time when no offset is given).</summary>
    public sealed record ComplaintRequest(string? Number, DateTimeOffset? ReceivedAt, string? CommunityCode, string? Street, string? Community,
        bool? EpidemicRelated, DateTimeOffset? ResponseDeadline, DateTimeOffset? RespondedAt, FollowUpResult? FollowUp);

    public sealed record FeedRequest(List<ComplaintRequest>? Complaints, bool? SkipInvalid);

    public static RouteGroupBuilder MapHotlineApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/hotline").WithTags("12345 hotline");

        g.MapPost("/imports", async Task<Results<Ok<ImportReport>, ProblemHttpResult>> (HttpContext http, HotlineImporter importer, bool? skipInvalid, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                if (!Infrastructure.RequestFile.Carries(http.Request, Upload.BodyTypes)) return UnsupportedType();
                await using var upload = await Upload.FromRequestAsync(http, ct);
                return Answer(await Guard(() => importer.ImportFileAsync(actor, upload.File, upload.FileName, upload.Sha256, skipInvalid ?? false, ct)));
            })
            // Described here, checked in the handler: routing's Accepts would send another type to the fallback's 404, not a 415.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = FileBody();
                return Task.CompletedTask;
            })
            .RequireRoles(Permission.ImportHotline)
            .WithSummary("Import a hotline export (.xlsx or .csv; a multipart file or the raw body). All or nothing unless skipInvalid=true; idempotent by complaint number");

        g.MapPost("/complaints", async Task<Results<Ok<ImportReport>, ProblemHttpResult>> (FeedRequest request, HttpContext http, HotlineImporter importer, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var rows = (request.Complaints ?? []).Select(c => new ComplaintFields(ComplaintText.Clean(c.Number), c.ReceivedAt,
                    ComplaintText.Clean(c.CommunityCode), ComplaintText.Clean(c.Street), ComplaintText.Clean(c.Community), c.EpidemicRelated,
                    c.ResponseDeadline, c.RespondedAt, c.FollowUp)).ToList();
                if (rows.Count == 0)
                    throw DomainException.Invalid("hotline-empty", "没有诉求数据：complaints 不能为空", new Dictionary<string, string[]> { ["complaints"] = ["不能为空"] });
                return Answer(await Guard(() => importer.ImportAsync(actor, rows, request.SkipInvalid ?? false, ct)));
            })
            .RequireRoles(Permission.ImportHotline)
            .WithSummary("The hotline system sends complaints (new or changed); idempotent by complaint number, all or nothing unless skipInvalid");

        g.MapGet("/imports", (HttpContext http, HotlineQueries q, int? page, int? pageSize, CancellationToken ct) =>
                q.ImportsAsync(http.User.RequireActor(), page ?? 1, pageSize ?? 50, ct))
            .RequireRoles(Permission.ReadHotlineImports)
            .WithSummary("Imports on record, newest first");
        g.MapGet("/imports/{id:guid}", async (Guid id, HttpContext http, HotlineQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var import = await q.ImportAsync(actor, id, ct);
                return TypedResults.Ok(import with { Communities = await q.ImportCommunitiesAsync(actor, id, ct) });
            })
            .RequireRoles(Permission.ReadHotlineImports)
            .WithSummary("One import with the rows it left out and the communities it touched, with each one's 12345 deduction before and after it");

        g.MapGet("/imports/{id:guid}/export", async (Guid id, HttpContext http, HotlineQueries q, string? format, CancellationToken ct) =>
                await HotlineExport.RejectionsDownloadAsync(q, http.User.RequireActor(), Exports.FormatOf(format), id, ct))
            .RequireRoles(Permission.ReadHotlineImports)
            .ProducesExport()
            .WithSummary("The rows an import left out as a file (format=xlsx, the default, or csv); on the audit trail");

        g.MapGet("/complaints/export", (HttpContext http, HotlineQueries q, string? within, bool? epidemicOnly, DateOnly? from, DateOnly? to, Guid? import, string? format) =>
                HotlineExport.ComplaintsDownload(q, http.User.RequireActor(), Exports.FormatOf(format), within, epidemicOnly ?? false, from, to, import))
            .ProducesExport()
            .WithSummary("Complaints in the caller's subtree as a file (format=xlsx, the default, or csv), filtered as the list (and by import); streamed; on the audit trail");

        g.MapGet("/appraisal/export", async (HttpContext http, HotlineQueries q, string? within, DateOnly? from, DateOnly? to, string? format, CancellationToken ct) =>
                await HotlineExport.AppraisalDownloadAsync(q, http.User.RequireActor(), Exports.FormatOf(format), within, from, to, ct))
            .RequireRoles(Permission.ReadHotlineImports)
            .ProducesExport()
            .WithSummary("接诉即办 as a file (format=xlsx, the default, or csv); on the audit trail");

        g.MapGet("/complaints", (HttpContext http, HotlineQueries q, string? within, bool? epidemicOnly, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct) =>
                q.ComplaintsAsync(http.User.RequireActor(), within, epidemicOnly ?? false, from, to, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("Complaints on record in the caller's subtree, newest first");

        g.MapGet("/appraisal", async (HttpContext http, HotlineQueries q, string? within, DateOnly? from, DateOnly? to, CancellationToken ct) =>
                TypedResults.Ok(await q.AppraisalAsync(http.User.RequireActor(), within, from, to, ct)))
            .RequireRoles(Permission.ReadHotlineImports)
            .WithSummary("接诉即办: epidemic complaints, late answers and dissatisfied follow-ups of each unit below a node in a period (default the last 30 days)");

        return api;
    }

    internal static ProblemHttpResult UnsupportedType() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "不支持的内容类型",
        Detail = $"请以表单（multipart/form-data）上传文件，或将文件本身作为请求体发送，类型为 {string.Join("、", Upload.BodyTypes)} 之一，文件名放在 ?fileName= 中",
        Extensions = { ["code"] = "unsupported-media-type" },
    });

    /// <summary>The import's body in the OpenAPI document: a multipart form with a file, or the file itself.</summary>
    internal static OpenApiRequestBody FileBody()
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary } },
            },
        };
        foreach (var type in Upload.BodyTypes) content[type] = new() { Schema = binary };
        return new OpenApiRequestBody { Required = true, Content = content };
    }

    /// <summary>A file that cannot be read is a 400 with the reason, like any other bad input.</summary>
    internal static async Task<ImportReport> Guard(Func<Task<ImportReport>> import)
    {
        try
        {
            return await import();
        }
        catch (ImportFileException ex)
        {
            throw DomainException.Invalid("hotline-file-invalid", ex.Message, new Dictionary<string, string[]> { ["file"] = [ex.Message] });
        }
    }

    /// <summary>A refused import is a 400 problem that carries the whole report, so the caller can fix every row at once.</summary>
    private static Results<Ok<ImportReport>, ProblemHttpResult> Answer(ImportReport report) => report.Imported
        ? TypedResults.Ok(report)
        : Problems.RowsRefused("hotline-rows-invalid", report.RefusalMessage, "report", report);
}
