using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Uploads;

/// <summary>Evidence files of a rectification report: uploaded by the community, read by whoever's scope covers it.</summary>
public static class EvidenceApi
{
    public sealed record EvidenceView(Guid Id, Guid RectificationId, string FileName, EvidenceKind Kind, string ContentType, long Length, string Sha256, DateTime UploadedAtUtc);

    public static RouteGroupBuilder MapEvidenceApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/").WithTags("Dynamic management");

        g.MapPost("/rectifications/{id:guid}/evidence", async Task<Created<EvidenceView>> (Guid id, HttpContext http, WuyiDbContext db, EvidenceStore store, TimeProvider time, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var task = await db.RectificationTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
                if (task is null || !actor.Covers(task.CommunityCode)) throw new NotFoundException("找不到该整改任务");
                if (actor.Role != ProgrammeRole.Community || actor.DivisionCode != task.CommunityCode)
                    throw DomainException.Forbidden("wrong-role", "只有整改的社区（村）本身可以上传佐证材料");
                if (task.State != RectificationState.Open)
                    throw DomainException.Conflict("illegal-transition", $"整改任务当前状态为“{RectificationTask.Name(task.State)}”，不能再上传佐证材料");

                var (bytes, fileName) = await ReadFileAsync(http, store.MaxBytes, ct);
                var (kind, stored) = EvidenceContent.Check(bytes);
                var name = await store.SaveAsync(stored, ct);
                var evidence = new EvidenceFile
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()), RectificationId = task.Id, CommunityCode = task.CommunityCode, Kind = kind,
                    FileName = DownloadName(fileName, kind), StoredName = name, Length = stored.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(stored)), UploadedAtUtc = time.GetUtcNow().UtcDateTime, UploadedByUserId = actor.UserId,
                };
                try
                {
                    db.EvidenceFiles.Add(evidence);
                    await db.SaveChangesAsync(ct);
                }
                catch
                {
                    store.Delete(name); // no file without its row
                    throw;
                }
                return TypedResults.Created($"/api/v1/evidence/{evidence.Id}", View(evidence));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .RequireRoles(ProgrammeRole.Community)
            .WithSummary("Attach a file to an open rectification (JPEG, PNG, PDF, XLSX or CSV, checked by content; photos lose their metadata)");

        g.MapGet("/rectifications/{id:guid}/evidence", async (Guid id, HttpContext http, WuyiDbContext db, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var task = await db.RectificationTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
                if (task is null || !actor.Covers(task.CommunityCode)) throw new NotFoundException("找不到该整改任务");
                var files = await db.EvidenceFiles.AsNoTracking().Where(e => e.RectificationId == id).OrderBy(e => e.UploadedAtUtc).ToListAsync(ct);
                return TypedResults.Ok(files.Select(View).ToList());
            })
            .WithSummary("The evidence files of a rectification");

        g.MapGet("/evidence/{id:guid}", async (Guid id, HttpContext http, WuyiDbContext db, EvidenceStore store, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var evidence = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
                if (evidence is null || !actor.Covers(evidence.CommunityCode)) throw new NotFoundException("找不到该佐证材料");
                // Always a download, never rendered by the browser as whatever it guesses.
                http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
                http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
                return TypedResults.File(store.Open(evidence.StoredName), EvidenceContent.ContentType(evidence.Kind), evidence.FileName);
            })
            .WithSummary("Download an evidence file (an attachment, to accounts whose scope covers the community)");
        return api;
    }

    private static EvidenceView View(EvidenceFile e) =>
        new(e.Id, e.RectificationId, e.FileName, e.Kind, EvidenceContent.ContentType(e.Kind), e.Length, e.Sha256, e.UploadedAtUtc);

    /// <summary>The person's name for the file, with the extension its content calls for (a PNG named .pdf is served as .png).</summary>
    private static string DownloadName(string? given, EvidenceKind kind)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName(given?.Trim().Trim('"') ?? ""));
        stem = new string([.. stem.Where(c => !char.IsControl(c) && c is not ('/' or '\\'))]);
        if (stem.Length == 0) stem = "佐证材料";
        if (stem.Length > 100) stem = stem[..100];
        return stem + EvidenceContent.Extension(kind);
    }

    /// <summary>The first file of the multipart form, read into memory up to the limit (20 MB by default).</summary>
    private static async Task<(byte[] Bytes, string? FileName)> ReadFileAsync(HttpContext http, long maxBytes, CancellationToken ct)
    {
        var tooLarge = DomainException.Invalid("evidence-file-too-large", $"文件超过 {maxBytes / (1024 * 1024)} MB 的上限",
            new Dictionary<string, string[]> { ["file"] = ["文件过大"] });
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes + (1 << 20);
        if (http.Request.ContentLength > maxBytes + (1 << 20)) throw tooLarge;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { } boundary)
            throw EvidenceContent.Invalid("请以表单（multipart/form-data）上传文件");
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = maxBytes + (1 << 20) };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                using var buffer = new MemoryStream();
                var chunk = new byte[1 << 16];
                int read;
                while ((read = await section.Body.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > maxBytes) throw tooLarge;
                    buffer.Write(chunk, 0, read);
                }
                if (buffer.Length == 0) throw EvidenceContent.Invalid("文件是空的");
                return (buffer.ToArray(), disposition.FileNameStar.Value ?? disposition.FileName.Value);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw tooLarge;
        }
        catch (InvalidDataException)
        {
            throw tooLarge;
        }
        throw EvidenceContent.Invalid("表单中没有文件");
    }
}
