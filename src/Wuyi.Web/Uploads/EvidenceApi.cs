using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Uploads;

/// <summary>Evidence files through the API: a rectification's uploaded by the community; any file read by whoever's scope covers its community.</summary>
public static class EvidenceApi
{
    public sealed record EvidenceView(Guid Id, Guid? RectificationId, Guid? InspectionId, Guid? AppealId, string FileName, EvidenceKind Kind, string ContentType, long Length, string Sha256, DateTime UploadedAtUtc);

    public static EvidenceView View(EvidenceFile e) =>
        new(e.Id, e.RectificationId, e.InspectionId, e.AppealId, e.FileName, e.Kind, EvidenceContent.ContentType(e.Kind), e.Length, e.Sha256, e.UploadedAtUtc);

    public static RouteGroupBuilder MapEvidenceApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/").WithTags("Dynamic management");

        g.MapPost("/rectifications/{id:guid}/evidence", async Task<Created<EvidenceView>> (Guid id, HttpContext http, EvidenceService evidence, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var (bytes, fileName) = await ReadFileAsync(http, evidence, ct);
                var file = await evidence.AttachAsync(actor, id, bytes, fileName, ct);
                return TypedResults.Created($"/api/v1/evidence/{file.Id}", View(file));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .RequireRoles(Permission.ReportRectification)
            .WithSummary("Attach a file to an open rectification (JPEG, PNG, PDF, XLSX or CSV, checked by content; photos lose their metadata)");

        g.MapGet("/rectifications/{id:guid}/evidence", async (Guid id, HttpContext http, EvidenceService evidence, CancellationToken ct) =>
                TypedResults.Ok((await evidence.ListAsync(http.User.RequireActor(), id, ct)).Select(View).ToList()))
            .WithSummary("The evidence files of a rectification");

        g.MapGet("/evidence/{id:guid}", async Task<IResult> (Guid id, bool? inline, bool? thumbnail, HttpContext http, EvidenceService evidence,
                EvidenceThumbnails thumbnails, CancellationToken ct) =>
            {
                var (file, content) = await evidence.OpenAsync(http.User.RequireActor(), id, ct);
                return await ServeAsync(http, file, content, inline == true, thumbnail == true, thumbnails, ct);
            })
            .WithSummary("Download an evidence file (an attachment, to accounts whose scope covers the community); inline=true shows a photo in the browser, " +
                         $"thumbnail=true a JPEG of at most {EvidenceThumbnails.MaxSide} pixels a side for a page's preview");
        return api;
    }

    /// <summary>
    /// An evidence file as asked: a photo's thumbnail (or the photo itself when none can be made), a photo shown inline, or else a
    /// download. Takes ownership of <paramref name="content"/>.
    /// </summary>
    public static async Task<IResult> ServeAsync(HttpContext http, EvidenceFile file, Stream content, bool inline, bool thumbnail,
        EvidenceThumbnails thumbnails, CancellationToken ct)
    {
        if (thumbnail && EvidenceContent.IsImage(file.Kind))
        {
            byte[]? small;
            try
            {
                small = await thumbnails.GetAsync(file.Id, content, ct);
            }
            catch
            {
                await content.DisposeAsync();
                throw;
            }
            if (small is not null)
            {
                await content.DisposeAsync();
                return Thumbnail(http, file, small);
            }
            content.Position = 0; // no thumbnail: the photo itself
        }
        return (inline || thumbnail) && EvidenceContent.IsImage(file.Kind) ? Inline(http, file, content) : Download(http, file, content);
    }

    /// <summary>Always a download, never rendered by the browser as whatever it guesses.</summary>
    public static FileStreamHttpResult Download(HttpContext http, EvidenceFile file, Stream content)
    {
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        return TypedResults.File(content, EvidenceContent.ContentType(file.Kind), file.FileName);
    }

    /// <summary>A photo shown as itself (a thumbnail, or opened in the browser): its metadata is gone and its type checked by content.</summary>
    public static FileStreamHttpResult Inline(HttpContext http, EvidenceFile file, Stream content)
    {
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return TypedResults.File(content, EvidenceContent.ContentType(file.Kind));
    }

    /// <summary>A photo's thumbnail (a JPEG made here, kept by <see cref="EvidenceThumbnails"/>; private, so no-store as any evidence).</summary>
    public static FileContentHttpResult Thumbnail(HttpContext http, EvidenceFile file, byte[] jpeg)
    {
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(Path.GetFileNameWithoutExtension(file.FileName) + "-缩略图.jpg");
        http.Response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return TypedResults.File(jpeg, "image/jpeg");
    }

    /// <summary>The first file of the multipart form, read into memory up to the limit (20 MB by default).</summary>
    internal static Task<(byte[] Bytes, string? FileName)> ReadFileAsync(HttpContext http, EvidenceService evidence, CancellationToken ct) =>
        RequestFile.ReadAsync(http, evidence.MaxBytes + (1 << 20), async (body, name) => (await evidence.ReadAsync(body, ct), name),
            () => EvidenceService.TooLarge(evidence.MaxBytes), () => EvidenceContent.Invalid("表单中没有文件"),
            notAForm: () => EvidenceContent.Invalid("请以表单（multipart/form-data）上传文件"));
}
