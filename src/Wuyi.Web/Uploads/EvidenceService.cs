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
        var (kind, stored) = Checked(bytes);
        var name = await store.SaveAsync(stored, ct);
        var evidence = Row(actor, task, kind, stored, name, fileName);
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

    /// <summary>The most files one report takes with it (a phone's photos of the fixes, a scanned notice).</summary>
    public const int MaxFilesPerReport = 10;

    /// <summary>
    /// The community's report and its files as one (整改报告与佐证文件一并提交): every file is checked first — a refusal names
    /// the file and why — then the files and the report commit in one transaction, or nothing does (no file stays on
    /// disk without its row, no row without its report).
    /// </summary>
    public async Task ReportWithFilesAsync(Actor actor, Guid taskId, IReadOnlyList<(byte[] Bytes, string? Name)> files, Func<Task> report, CancellationToken ct)
    {
        if (files.Count > MaxFilesPerReport) throw FileRefused(null, $"一次最多上传 {MaxFilesPerReport} 个文件");
        var task = files.Count > 0 ? await MayAttachAsync(actor, taskId, ct) : null;
        var accepted = new List<(EvidenceKind Kind, byte[] Bytes, string? Name)>();
        foreach (var (bytes, name) in files)
        {
            try
            {
                var (kind, stored) = Checked(bytes);
                accepted.Add((kind, stored, name));
            }
            catch (DomainException refused)
            {
                throw FileRefused(name, refused.Message);
            }
        }
        var saved = new List<string>();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var (kind, bytes, name) in accepted)
            {
                var storedName = await store.SaveAsync(bytes, ct);
                saved.Add(storedName);
                db.EvidenceFiles.Add(Row(actor, task!, kind, bytes, storedName, name));
            }
            if (accepted.Count > 0) await db.SaveChangesAsync(ct);
            await report();
            await tx.CommitAsync(ct);
        }
        catch
        {
            db.ChangeTracker.Clear();
            foreach (var name in saved) store.Delete(name);
            throw;
        }
    }

    /// <summary>A file of a report refused: which one and why, beside the file input; the report is not taken either.</summary>
    public static DomainException FileRefused(string? fileName, string reason)
    {
        var message = fileName is null
            ? $"{reason}。整改情况未提交，您填写的内容已保留，请重新选择文件"
            : $"文件“{RequestFile.SafeName(fileName)}”未能上传：{reason}。整改情况未提交，您填写的内容已保留，请重新选择文件";
        return DomainException.Invalid("evidence-file-invalid", message, new Dictionary<string, string[]> { ["file"] = [message] });
    }

    private (EvidenceKind Kind, byte[] Stored) Checked(byte[] bytes)
    {
        if (bytes.Length == 0) throw EvidenceContent.Invalid("文件是空的");
        if (bytes.Length > store.MaxBytes) throw TooLarge(store.MaxBytes);
        return EvidenceContent.Check(bytes);
    }

    private EvidenceFile Row(Actor actor, RectificationTask task, EvidenceKind kind, byte[] stored, string storedName, string? fileName)
    {
        var now = time.GetUtcNow();
        return new EvidenceFile
        {
            Id = Guid.CreateVersion7(now), RectificationId = task.Id, CommunityCode = task.CommunityCode, Kind = kind,
            FileName = DownloadName(fileName, kind), StoredName = storedName, Length = stored.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(stored)), UploadedAtUtc = now.UtcDateTime, UploadedByUserId = actor.UserId,
        };
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
