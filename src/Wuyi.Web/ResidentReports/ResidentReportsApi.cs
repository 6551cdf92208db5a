using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.ResidentReports;

/// <summary>
/// Residents' reports (群众监督) through the API: anyone reports on a community and follows the receipt number; the
/// district and the city in scope read, check, pass to inspection and close; a street reads.
/// </summary>
public static class ResidentReportsApi
{
    /// <summary>A report as JSON: the photo, if any, as base64 (or send multipart/form-data with the file as <c>photo</c>).</summary>
    public sealed record ReportRequest(ReportKind? Kind, string? Text, string? Contact, bool Consent, string? Photo);

    public sealed record VersionRequest(int? Version);

    public sealed record LeadRequest(int? Version, string? Note);

    public sealed record CloseRequest(int? Version, string? Outcome, string? Note);

    /// <summary>What the resident gets back: the receipt number and where to follow it, nothing of what was sent.</summary>
    public sealed record ReportReceipt(string Receipt, string StatusUrl, ReportReceiptStatus Status);

    public static RouteGroupBuilder MapResidentReportsApi(this RouteGroupBuilder api)
    {
        var open = api.MapGroup("/public").WithTags("Residents' reports");
        open.MapPost("/communities/{code}/reports", async Task<IResult> (string code, HttpContext http, ResidentReportIntake intake,
                ResidentReportQueries q, CancellationToken ct) =>
            {
                try
                {
                    var receipt = await intake.ReceiveAsync(http, code, await ReadAsync(http, intake, ct), ct);
                    var status = (await q.ByReceiptAsync(receipt, ct))!;
                    var url = $"/api/v1/public/reports/{status.Receipt}";
                    return TypedResults.Created(url, new ReportReceipt(status.Receipt, $"/public/reports/{status.Receipt}", status));
                }
                catch (TooManyReportsException limited)
                {
                    return TooMany(http, limited);
                }
            })
            .AllowAnonymous()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .Accepts<ReportRequest>("application/json", "multipart/form-data")
            .WithSummary("Report a problem of a community without an account (kind, text, optional photo and phone, consent); answers the receipt number. " +
                         "Limited per client and per community (429)");
        open.MapGet("/reports/{receipt}", async Task<Results<Ok<ReportReceiptStatus>, ProblemHttpResult>> (string receipt, ResidentReportQueries q,
                CancellationToken ct) =>
                await q.ByReceiptAsync(receipt, ct) is { } status
                    ? TypedResults.Ok(status)
                    : TypedResults.Problem(new ProblemDetails { Status = 404, Title = "找不到", Detail = NotFound, Extensions = { ["code"] = "receipt-not-found" } }))
            .AllowAnonymous()
            .WithSummary("Where a report stands, by its receipt number (no content, no contact)");

        var g = api.MapGroup("/resident-reports").WithTags("Residents' reports").RequireRoles(Permission.ReadResidentReports);
        g.MapGet("/", (HttpContext http, ResidentReportQueries q, string? community, ReportStatus? status, ReportKind? kind, bool? open, int? page,
                int? pageSize, CancellationToken ct) =>
                q.ListAsync(http.User.RequireActor(), community, status, kind, open ?? false, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("The residents' reports in the caller's subtree, newest first");
        g.MapGet("/export", (HttpContext http, ResidentReportQueries q, string? community, ReportStatus? status, ReportKind? kind, bool? open, string? format) =>
                ResidentReportExport.Download(q, http.User.RequireActor(), Exports.FormatOf(format), community, status, kind, open ?? false))
            .ProducesExport()
            .WithSummary("The residents' reports as a file (format=xlsx, the default, or csv), filtered as the list; on the audit trail");
        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, ResidentReportQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.DetailAsync(http.User.RequireActor(), id, ct)))
            .WithSummary("One report, with the resident's phone");
        g.MapGet("/{id:guid}/photo", async (Guid id, HttpContext http, ResidentReportQueries q, EvidenceStore store, CancellationToken ct) =>
                Photo(http, await q.PhotoAsync(http.User.RequireActor(), id, ct), store))
            .WithSummary("The report's photo (checked and stripped of its metadata like evidence), to officials in scope only");
        g.MapPost("/{id:guid}/checking", (Guid id, VersionRequest r, HttpContext http, ResidentReportWorkflow w, ResidentReportQueries q, CancellationToken ct) =>
                Step(http, q, id, ct, actor => w.StartCheckingAsync(actor, id, r.Version, ct)))
            .RequireRoles(Permission.HandleResidentReports)
            .WithSummary("Begin to check the report (核查中)");
        g.MapPost("/{id:guid}/lead", (Guid id, LeadRequest r, HttpContext http, ResidentReportWorkflow w, ResidentReportQueries q, CancellationToken ct) =>
                Step(http, q, id, ct, actor => w.PassToInspectionAsync(actor, id, r.Version, r.Note, ct)))
            .RequireRoles(Permission.HandleResidentReports)
            .WithSummary("Pass the report to inspection as a lead (待核查线索)");
        g.MapPost("/{id:guid}/close", (Guid id, CloseRequest r, HttpContext http, ResidentReportWorkflow w, ResidentReportQueries q, CancellationToken ct) =>
                Step(http, q, id, ct, actor => w.CloseAsync(actor, id, r.Version, r.Outcome, r.Note, ct)))
            .RequireRoles(Permission.HandleResidentReports)
            .WithSummary("Close the report with a public outcome line and an internal note (办结)");
        return api;
    }

    public const string NotFound = "找不到该回执号：请核对回执号（12 位字母和数字）后重试";

    /// <summary>The largest request: the photo and the form around it.</summary>
    public const long MaxBody = 21L * 1024 * 1024;

    private static async Task<Ok<ReportView>> Step(HttpContext http, ResidentReportQueries q, Guid id, CancellationToken ct,
        Func<Actor, Task> step)
    {
        var actor = http.User.RequireActor();
        await step(actor);
        return TypedResults.Ok(await q.DetailAsync(actor, id, ct));
    }

    /// <summary>A 429 in Chinese, with a stable code, and when to come back.</summary>
    public static IResult TooMany(HttpContext http, TooManyReportsException limited)
    {
        http.Response.Headers.RetryAfter = "3600";
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests, Title = limited.Title, Detail = limited.Message, Extensions = { ["code"] = limited.Code },
        });
    }

    /// <summary>The photo shown as itself to an official: checked by content, metadata gone, sandboxed, never sniffed.</summary>
    public static IResult Photo(HttpContext http, (string StoredName, string ContentType, string Receipt) photo, EvidenceStore store)
    {
        PhotoHeaders(http, photo);
        return TypedResults.File(store.Open(photo.StoredName), photo.ContentType);
    }

    public static void PhotoHeaders(HttpContext http, (string StoredName, string ContentType, string Receipt) photo)
    {
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName($"群众反映-{photo.Receipt}{(photo.ContentType == "image/png" ? ".png" : ".jpg")}");
        http.Response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
    }

    /// <summary>The report from a multipart form (fields and the file <c>photo</c>) or from JSON (the photo as base64).</summary>
    private static async Task<ReportSubmission> ReadAsync(HttpContext http, ResidentReportIntake intake, CancellationToken ct)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            byte[]? photo = null;
            if (form.Files.GetFile("photo") is { } file && (file.Length > 0 || file.FileName.Length > 0))
            {
                if (file.Length > intake.MaxPhotoBytes) throw ResidentReportIntake.PhotoRefused($"照片超过 {intake.MaxPhotoBytes / (1024 * 1024)} MB 的上限");
                await using var stream = file.OpenReadStream();
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                photo = buffer.ToArray();
            }
            return new ReportSubmission(KindOf(form["kind"]), form["text"], form["contact"], IsTrue(form["consent"]), photo);
        }
        var body = await http.Request.ReadFromJsonAsync<ReportRequest>(http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions, ct)
                   ?? throw DomainException.Invalid("body-invalid", "请求内容为空");
        byte[]? bytes = null;
        if (!string.IsNullOrEmpty(body.Photo))
        {
            if (body.Photo.Length > intake.MaxPhotoBytes / 3 * 4 + 4) throw ResidentReportIntake.PhotoRefused($"照片超过 {intake.MaxPhotoBytes / (1024 * 1024)} MB 的上限");
            try
            {
                bytes = Convert.FromBase64String(body.Photo);
            }
            catch (FormatException)
            {
                throw ResidentReportIntake.PhotoRefused("照片须为 base64 编码");
            }
        }
        return new ReportSubmission(body.Kind, body.Text, body.Contact, body.Consent, bytes);
    }

    public static ReportKind? KindOf(string? value) =>
        Enum.TryParse<ReportKind>(value?.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;

    private static bool IsTrue(string? value) => value?.Trim().ToLowerInvariant() is "true" or "on" or "1" or "yes";
}
