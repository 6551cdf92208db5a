using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Uploads;

/// <summary>Evidence files of a rectification: attached by the community while its task is open, read inside the scope.</summary>
public sealed class EvidenceService(WuyiDbContext db, EvidenceStore store, TimeProvider time)
{
    public long MaxBytes => store.MaxBytes;

    /// <summary>Refuses (404 outside scope, 403, 409) unless the actor may attach a file to this task now.</summary>
    public async Task<RectificationTask> MayAttachAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await TaskAsync(actor, taskId, ct);
        if (!actor.Role.Allows(Permission.ReportRectification) || actor.DivisionCode != task.CommunityCode)
            throw DomainException.Forbidden("wrong-role", "只有整改的社区（村）本身可以上传佐证材料");
        if (task.State != RectificationState.Open)
            throw DomainException.Conflict("illegal-transition", $"整改任务当前状态为“{RectificationTask.Name(task.State)}”，不能再上传佐证材料");
        return task;
    }

    public async Task<EvidenceFile> AttachAsync(Actor actor, Guid taskId, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var task = await MayAttachAsync(actor, taskId, ct);
        if (bytes.Length == 0) throw EvidenceContent.Invalid("文件是空的");
        if (bytes.Length > store.MaxBytes) throw TooLarge(store.MaxBytes);

        var (kind, stored) = EvidenceContent.Check(bytes);
        var name = await store.SaveAsync(stored, ct);
        var now = time.GetUtcNow();
        var evidence = new EvidenceFile
        {
            Id = Guid.CreateVersion7(now), RectificationId = task.Id, CommunityCode = task.CommunityCode, Kind = kind,
            FileName = DownloadName(fileName, kind), StoredName = name, Length = stored.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(stored)), UploadedAtUtc = now.UtcDateTime, UploadedByUserId = actor.UserId,
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
        return evidence;
    }

    public async Task<List<EvidenceFile>> ListAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        await TaskAsync(actor, taskId, ct);
        return await db.EvidenceFiles.AsNoTracking().Where(e => e.RectificationId == taskId).OrderBy(e => e.UploadedAtUtc).ToListAsync(ct);
    }

    public async Task<(EvidenceFile File, Stream Content)> OpenAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var evidence = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (evidence is null || !actor.Covers(evidence.CommunityCode)) throw new NotFoundException("找不到该佐证材料");
        return (evidence, store.Open(evidence.StoredName));
    }

    /// <summary>Reads an upload into memory, refusing it as soon as it passes the limit.</summary>
    public async Task<byte[]> ReadAsync(Stream source, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > store.MaxBytes) throw TooLarge(store.MaxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static DomainException TooLarge(long maxBytes) => DomainException.Invalid("evidence-file-too-large",
        $"文件超过 {maxBytes / (1024 * 1024)} MB 的上限", new Dictionary<string, string[]> { ["file"] = [$"文件超过 {maxBytes / (1024 * 1024)} MB 的上限"] });

    private async Task<RectificationTask> TaskAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await db.RectificationTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        return task is not null && actor.Covers(task.CommunityCode) ? task : throw new NotFoundException("找不到该整改任务");
    }

    /// <summary>The person's name for the file, with the extension its content calls for (a PNG named .pdf is served as .png).</summary>
    private static string DownloadName(string? given, EvidenceKind kind)
    {
        var stem = Path.GetFileNameWithoutExtension(RequestFile.SafeName(given)).Trim();
        if (stem.Length == 0) stem = "佐证材料";
        if (stem.Length > 100) stem = stem[..100];
        return stem + EvidenceContent.Extension(kind);
    }
}
