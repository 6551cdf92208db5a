using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Uploads;

/// <summary>What a file is evidence of (佐证对象): one rectification, inspection or appeal, in one community.</summary>
public enum EvidenceOf { Rectification = 1, Inspection = 2, Appeal = 3 }

public readonly record struct EvidenceSubject(EvidenceOf Of, Guid Id, string CommunityCode);

/// <summary>A file that passed the content checks: its kind, the bytes to store (a photo without its metadata), its download name.</summary>
public sealed record CheckedEvidence(EvidenceKind Kind, byte[] Bytes, string FileName);

/// <summary>
/// Evidence files (佐证材料) of every subject: checked by content before anything is kept, written to the store and recorded in the
/// subject's own transaction, read inside the scope. A rectification's report, an inspection's photos and an appeal's grounds all
/// go through here, so a file is checked, named and served one way.
/// </summary>
public sealed class EvidenceService(WuyiDbContext db, EvidenceStore store, TimeProvider time)
{
    public long MaxBytes => store.MaxBytes;

    /// <summary>The most files one report takes with it (a phone's photos of the fixes, a scanned notice).</summary>
    public const int MaxFilesPerReport = 10;

    /// <summary>
    /// Checks every file by content (photos lose their metadata) before any is kept. A refusal comes from <paramref name="refused"/>,
    /// given the file's name and the reason, so each form says in its own words what was not saved.
    /// </summary>
    /// <param name="defaultStem">The download name of a file sent without one (e.g. 佐证材料).</param>
    /// <param name="photosOnly">Only JPEG and PNG are taken (an inspection's photos).</param>
    public IReadOnlyList<CheckedEvidence> Check(IReadOnlyList<(byte[] Bytes, string? Name)> files, Func<string?, string, DomainException> refused,
        string defaultStem, bool photosOnly = false)
    {
        var accepted = new List<CheckedEvidence>(files.Count);
        foreach (var (bytes, name) in files)
        {
            if (bytes.Length == 0) throw refused(name, "文件是空的");
            if (bytes.Length > store.MaxBytes) throw refused(name, $"超过 {store.MaxBytes / (1024 * 1024)} MB 的上限");
            EvidenceKind kind;
            byte[] stored;
            try
            {
                (kind, stored) = EvidenceContent.Check(bytes);
            }
            catch (DomainException invalid)
            {
                throw refused(name, invalid.Message);
            }
            if (photosOnly && !EvidenceContent.IsImage(kind)) throw refused(name, "只接受 JPEG、PNG 图片");
            accepted.Add(new CheckedEvidence(kind, stored, DownloadName(name, kind, defaultStem)));
        }
        return accepted;
    }

    /// <summary>
    /// Files about to be stored with a step: <c>using var staged = evidence.Stage();</c>, <see cref="StagedEvidence.AddAsync"/> inside the
    /// step, <see cref="StagedEvidence.Keep"/> once it committed. Whatever was written and not kept is removed when the staging ends,
    /// so no file stays on disk without its row.
    /// </summary>
    public StagedEvidence Stage() => new(this, store);

    public sealed class StagedEvidence(EvidenceService service, EvidenceStore store) : IDisposable
    {
        private readonly List<string> written = [];
        private bool kept;

        /// <summary>Writes checked files to the store and adds their rows to the caller's unit of work, which saves them with its step.</summary>
        public Task<IReadOnlyList<EvidenceFile>> AddAsync(Actor actor, EvidenceSubject subject, IReadOnlyList<CheckedEvidence> files, CancellationToken ct) =>
            service.AddAsync(actor, subject, files, written, ct);

        /// <summary>The step committed: its files stay.</summary>
        public void Keep() => kept = true;

        public void Dispose()
        {
            if (kept) return;
            foreach (var name in written) store.Delete(name);
            written.Clear();
        }
    }

    private async Task<IReadOnlyList<EvidenceFile>> AddAsync(Actor actor, EvidenceSubject subject, IReadOnlyList<CheckedEvidence> files,
        List<string> written, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = new List<EvidenceFile>(files.Count);
        foreach (var file in files)
        {
            var storedName = await store.SaveAsync(file.Bytes, ct);
            written.Add(storedName);
            rows.Add(new EvidenceFile
            {
                Id = Guid.CreateVersion7(now),
                RectificationId = subject.Of == EvidenceOf.Rectification ? subject.Id : null,
                InspectionId = subject.Of == EvidenceOf.Inspection ? subject.Id : null,
                AppealId = subject.Of == EvidenceOf.Appeal ? subject.Id : null,
                CommunityCode = subject.CommunityCode, Kind = file.Kind, FileName = file.FileName, StoredName = storedName, Length = file.Bytes.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Bytes)), UploadedAtUtc = now.UtcDateTime, UploadedByUserId = actor.UserId,
            });
        }
        db.EvidenceFiles.AddRange(rows);
        return rows;
    }

    /// <summary>The files of a subject, oldest first (those sent together by name). The caller has already found the subject inside the actor's scope.</summary>
    public async Task<List<EvidenceFile>> OfAsync(EvidenceOf of, Guid id, CancellationToken ct)
    {
        var files = db.EvidenceFiles.AsNoTracking();
        files = of switch
        {
            EvidenceOf.Rectification => files.Where(e => e.RectificationId == id),
            EvidenceOf.Inspection => files.Where(e => e.InspectionId == id),
            _ => files.Where(e => e.AppealId == id),
        };
        return InOrder(await files.ToListAsync(ct)).ToList();
    }

    /// <summary>Oldest first; files sent together (one instant) by name, ordinally, so every database lists them alike.</summary>
    public static IEnumerable<EvidenceFile> InOrder(IEnumerable<EvidenceFile> files) =>
        files.OrderBy(e => e.UploadedAtUtc).ThenBy(e => e.FileName, StringComparer.Ordinal).ThenBy(e => e.Id);

    /// <summary>How many files a subject has, for the limits per subject.</summary>
    public Task<int> CountAsync(EvidenceOf of, Guid id, CancellationToken ct) => of switch
    {
        EvidenceOf.Rectification => db.EvidenceFiles.CountAsync(e => e.RectificationId == id, ct),
        EvidenceOf.Inspection => db.EvidenceFiles.CountAsync(e => e.InspectionId == id, ct),
        _ => db.EvidenceFiles.CountAsync(e => e.AppealId == id, ct),
    };

    /// <summary>Reads the files of a posted form (empty inputs skipped), refusing one over the limit before reading it.</summary>
    public async Task<List<(byte[] Bytes, string? Name)>> ReadUploadsAsync(IEnumerable<IFormFile> uploads, Func<string?, string, DomainException> refused,
        CancellationToken ct)
    {
        var files = new List<(byte[] Bytes, string? Name)>();
        foreach (var upload in uploads.Where(u => u.Length > 0 || u.FileName.Length > 0))
        {
            if (upload.Length > store.MaxBytes) throw refused(upload.FileName, $"超过 {store.MaxBytes / (1024 * 1024)} MB 的上限");
            await using var stream = upload.OpenReadStream();
            files.Add((await ReadAsync(stream, ct), upload.FileName));
        }
        return files;
    }

    // --- A rectification's evidence (整改佐证材料) ---

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

    /// <summary>One file attached to an open task (the API's upload, one file per request).</summary>
    public async Task<EvidenceFile> AttachAsync(Actor actor, Guid taskId, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var task = await MayAttachAsync(actor, taskId, ct);
        var files = Check([(bytes, fileName)], (_, reason) => EvidenceContent.Invalid(reason), "佐证材料");
        using var staged = Stage();
        try
        {
            var rows = await staged.AddAsync(actor, new EvidenceSubject(EvidenceOf.Rectification, task.Id, task.CommunityCode), files, ct);
            await db.SaveChangesAsync(ct);
            staged.Keep();
            return rows[0];
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// The community's report and its files as one (整改报告与佐证文件一并提交): every file is checked first — a refusal names
    /// the file and why — then the files and the report commit in one transaction, or nothing does (no file stays on
    /// disk without its row, no row without its report).
    /// </summary>
    public async Task ReportWithFilesAsync(Actor actor, Guid taskId, IReadOnlyList<(byte[] Bytes, string? Name)> files, Func<Task> report, CancellationToken ct)
    {
        if (files.Count > MaxFilesPerReport) throw FileRefused(null, $"一次最多上传 {MaxFilesPerReport} 个文件");
        var task = files.Count > 0 ? await MayAttachAsync(actor, taskId, ct) : null;
        var accepted = Check(files, FileRefused, "佐证材料");
        using var staged = Stage();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (task is not null)
            {
                await staged.AddAsync(actor, new EvidenceSubject(EvidenceOf.Rectification, task.Id, task.CommunityCode), accepted, ct);
                await db.SaveChangesAsync(ct);
            }
            await report();
            await tx.CommitAsync(ct);
            staged.Keep();
        }
        catch
        {
            db.ChangeTracker.Clear();
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

    public async Task<List<EvidenceFile>> ListAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        await TaskAsync(actor, taskId, ct);
        return await OfAsync(EvidenceOf.Rectification, taskId, ct);
    }

    /// <summary>Any evidence file, to an account whose scope covers its community (404 otherwise, as if it did not exist).</summary>
    public async Task<(EvidenceFile File, Stream Content)> OpenAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var evidence = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (evidence is null || !actor.Covers(evidence.CommunityCode)) throw new NotFoundException("找不到该佐证材料");
        // An inspection's photos are the inspecting officials' as the inspection is (never shown to the community's own accounts).
        if (evidence.InspectionId is not null && !actor.Role.Allows(Permission.ConductInspection)) throw new NotFoundException("找不到该佐证材料");
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
    private static string DownloadName(string? given, EvidenceKind kind, string defaultStem)
    {
        var stem = Path.GetFileNameWithoutExtension(RequestFile.SafeName(given)).Trim();
        if (stem.Length == 0) stem = defaultStem;
        if (stem.Length > 100) stem = stem[..100];
        return stem + EvidenceContent.Extension(kind);
    }
}
