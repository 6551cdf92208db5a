using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Data;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>What an upload did, or why it did nothing: every bad row with its reason.</summary>
public sealed record DutyRosterReport(bool Imported, Guid? UploadId, string CommunityCode, string? FileName, int Rows, int Shifts,
    DateOnly? FirstDate, DateOnly? LastDate, int Days, int ReplacedShifts, int ReplacedDays, IReadOnlyList<DutyRosterProblem> Problems)
{
    /// <summary>“已上报 90 个班次（2022-06-01 至 2022-06-30，共 30 天）；替换了其中 28 天原有的 84 个班次”, or the refusal.</summary>
    public string Message => Imported
        ? $"已上报 {Shifts} 个班次（{FirstDate:yyyy-MM-dd} 至 {LastDate:yyyy-MM-dd}，共 {Days} 天）" +
          (ReplacedShifts > 0 ? $"；替换了其中 {ReplacedDays} 天原有的 {ReplacedShifts} 个班次" : "；这些日期此前没有排班")
        : $"文件中有 {Problems.Select(p => p.Row).Distinct().Count()} 行有问题，未导入任何排班：请改正下列各处后重新上报";
}

/// <summary>
/// 上报值守排班表: a community uploads its checkpoints' roster, all or nothing. Every row is read and checked first; if
/// any is bad, nothing is stored and every bad row is listed. Otherwise, in one transaction, the roster of every date the
/// file covers is replaced by the file's shifts (dates it does not name keep theirs), with a record of the upload saying
/// what it replaced. One upload at a time (SQLite's writer turn; on PostgreSQL an advisory lock), so two uploads of the
/// same dates never leave both.
/// </summary>
public sealed class DutyRosterImporter(WuyiDbContext db, TimeProvider time, ILogger<DutyRosterImporter> logger)
{
    /// <summary>The PostgreSQL advisory lock of uploads (issue 14's key for the roster).</summary>
    public const long LockKey = 727368012;

    public async Task<DutyRosterReport> ImportAsync(Actor actor, string communityCode, Stream file, string? fileName, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.UploadDutyRoster);
        await DutyRosterQueries.RequireCommunityAsync(db, actor, communityCode, ct);
        var now = time.GetUtcNow();
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        file.Position = 0;
        var (shifts, problems) = Guard(() => DutyRosterFile.Read(file, ProgrammeClock.DateOf(now)));
        if (problems.Count > 0)
        {
            logger.LogInformation("Duty roster of {Community} refused: {Rows} rows, {Problems} problems", communityCode, shifts.Count + problems.Count, problems.Count);
            return new DutyRosterReport(false, null, communityCode, fileName, shifts.Count + problems.Select(p => p.Row).Distinct().Count(), 0,
                null, null, 0, 0, 0, problems);
        }

        var dates = shifts.Select(s => s.Shift.Date).Distinct().Order().ToList();
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (!db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
            var replaced = new List<DutyShiftRecord>();
            foreach (var chunk in dates.Chunk(500))
                replaced.AddRange(await db.DutyShifts.Where(s => s.CommunityCode == communityCode && chunk.Contains(s.Date)).ToListAsync(ct));
            db.DutyShifts.RemoveRange(replaced);
            var upload = new DutyRosterUpload
            {
                Id = Guid.CreateVersion7(now), CommunityCode = communityCode, AtUtc = now.UtcDateTime, ActorUserId = actor.UserId, ActorName = actor.Name,
                FileName = fileName, Sha256 = sha256, Shifts = shifts.Count, FirstDate = dates[0], LastDate = dates[^1], Days = dates.Count,
                ReplacedShifts = replaced.Count, ReplacedDays = replaced.Select(s => s.Date).Distinct().Count(),
            };
            db.DutyRosterUploads.Add(upload);
            db.DutyShifts.AddRange(shifts.Select(s => new DutyShiftRecord
            {
                Id = Guid.CreateVersion7(now), CommunityCode = communityCode, UploadId = upload.Id, Row = s.Row, Checkpoint = s.Shift.Checkpoint,
                Date = s.Shift.Date, Start = s.Shift.Start, End = s.Shift.End, Person = s.Shift.Person,
            }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("Duty roster of {Community}: {Shifts} shifts over {Days} days, {Replaced} replaced", communityCode, shifts.Count, dates.Count, replaced.Count);
            return new DutyRosterReport(true, upload.Id, communityCode, fileName, shifts.Count, shifts.Count, upload.FirstDate, upload.LastDate,
                upload.Days, upload.ReplacedShifts, upload.ReplacedDays, []);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>A file that cannot be read is a 400 with the reason, like any other bad input.</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ImportFileException ex)
        {
            throw DomainException.Invalid("duty-roster-file-invalid", ex.Message, new Dictionary<string, string[]> { ["file"] = [ex.Message] });
        }
    }

    /// <summary>The uploaded file, held in memory (it is small: <see cref="DutyRosterFile.MaxBytes"/>) with its name.</summary>
    public static async Task<(MemoryStream File, string? Name)> BufferAsync(Stream source, string? fileName, CancellationToken ct)
    {
        var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            if (memory.Length + read > DutyRosterFile.MaxBytes) throw TooLarge();
            memory.Write(buffer, 0, read);
        }
        if (memory.Length == 0) throw DomainException.Invalid("duty-roster-file-invalid", "文件是空的", Field("文件是空的"));
        memory.Position = 0;
        var name = RequestFile.SafeName(fileName);
        return (memory, string.IsNullOrWhiteSpace(name) ? null : name.Length <= 200 ? name : name[..200]);
    }

    /// <summary>The request's file: the first file part of a multipart form, or the whole body (its name in <c>?fileName=</c>).</summary>
    public static Task<(MemoryStream File, string? Name)> FromRequestAsync(HttpContext http, CancellationToken ct) =>
        RequestFile.ReadAsync(http, DutyRosterFile.MaxBytes + (1 << 20), (body, name) => BufferAsync(body, name, ct), TooLarge,
            () => DomainException.Invalid("duty-roster-file-invalid", "表单中没有文件：请选择值守排班表（.xlsx 或 .csv）", Field("请选择文件")));

    public static DomainException TooLarge() =>
        DomainException.Invalid("duty-roster-file-too-large", $"文件超过 {DutyRosterFile.MaxBytes / (1024 * 1024)} MB 的上限：请按月份分开上报", Field("文件过大"));

    private static Dictionary<string, string[]> Field(string message) => new() { ["file"] = [message] };
}
