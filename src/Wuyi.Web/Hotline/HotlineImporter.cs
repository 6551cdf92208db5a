using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;

namespace Wuyi.Web.Hotline;

/// <summary>What an import did, or would have done: the same report whether it was accepted or refused.</summary>
public sealed record ImportReport(
    Guid? ImportId, bool Imported, int Rows, int Inserted, int Updated, int Unchanged, int Rejected, bool SkipInvalid,
    int ReEvaluationsQueued, IReadOnlyList<Rejection> Rejections, string? FileName, string? Sha256)
{
    /// <summary>Why nothing was imported, for a person; null when the import was accepted.</summary>
    public string? RefusalMessage => Imported ? null
        : Rows == Rejected && Rows > 0 ? $"全部 {Rows} 行都有问题，未导入任何数据"
        : $"{Rows} 行中有 {Rejected} 行有问题，按“整份导入”的要求未导入任何数据。请改正后重新导入，或选择“只导入有效行”";
}

/// <summary>
/// Imports 12345 hotline complaints (导入12345诉求) from a hotline export or the hotline system's API, idempotent by
/// complaint number: a complaint seen before is updated when the hotline changed it (an answer, a follow-up) and left
/// alone otherwise, so the same file twice changes nothing.
/// <para>
/// All or nothing by default: one bad row and nothing is written, with every bad row listed. With
/// <c>skipInvalid</c> the person chooses to import exactly the valid rows, and the rejected ones stay on record in
/// the import's report: never a silent half. Rows, the import's entry, its history event and the re-evaluations its
/// deductions call for are one transaction.
/// </para>
/// </summary>
public sealed class HotlineImporter(WuyiDbContext db, DynamicWorkflow dynamic, Scales.ScaleCatalog scales, StandingRecheck recheck, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<HotlineOptions> options, ILogger<HotlineImporter> logger)
{
    public const int MaxRejectionsKept = 1000;
    private const int ChunkSize = 10_000;
    private const int MaxNumberLength = 64;

    /// <summary>SQLite has one writer; imports in this process take turns rather than fail on each other.</summary>
    private static readonly SemaphoreSlim SqliteTurn = new(1, 1);

    public Task<ImportReport> ImportFileAsync(Actor actor, Stream file, string? fileName, string sha256, bool skipInvalid, CancellationToken ct) =>
        RunAsync(actor, ComplaintFile.Read(file, FileBudget, time), ImportSource.File, fileName, sha256, skipInvalid, ct);

    /// <summary>How long one file may take to read and write (<c>Wuyi:Hotline:MaxFileSeconds</c>, default 5 minutes).</summary>
    private TimeSpan FileBudget => TimeSpan.FromSeconds(options.Value.MaxFileSeconds);

    /// <summary>Rows from the hotline system's API, numbered from 1 in the order sent.</summary>
    public Task<ImportReport> ImportAsync(Actor actor, IReadOnlyList<ComplaintFields> complaints, bool skipInvalid, CancellationToken ct) =>
        RunAsync(actor, complaints.Select((c, i) => new SourceRow(i + 1, c, null)), ImportSource.Api, null, null, skipInvalid, ct);

    private async Task<ImportReport> RunAsync(Actor actor, IEnumerable<SourceRow> rows, ImportSource source, string? fileName, string? sha256,
        bool skipInvalid, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.ImportHotline);
        var clock = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var matcher = await CommunityMatcher.LoadAsync(db, actor.DivisionCode, ct);

        var sqlite = db.Database.IsSqlite();
        if (sqlite) await SqliteTurn.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!sqlite) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727368001)", ct); // one import at a time, on every node

            var import = new HotlineImport
            {
                Id = Guid.CreateVersion7(now), AtUtc = now.UtcDateTime, ActorUserId = actor.UserId, ActorName = actor.Name,
                ActorDivisionCode = actor.DivisionCode, Source = source, FileName = fileName, Sha256 = sha256, SkipInvalid = skipInvalid,
            };
            db.HotlineImports.Add(import);
            await db.SaveChangesAsync(ct); // first, so that the rows can point at it

            var run = new Run(db, ComplaintWriter.For(db), import.Id, now);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var rejections = new List<Rejection>();
            var errors = new List<Rejection>();
            int total = 0, rejected = 0;
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                total++;
                errors.Clear();
                if (row.Errors is { } parsing) errors.AddRange(parsing);
                var record = Check(row, matcher, now, seen, errors);
                if (errors.Count > 0 || record is null)
                {
                    rejected++;
                    foreach (var e in errors)
                        if (rejections.Count < MaxRejectionsKept) rejections.Add(e with { Number = e.Number ?? row.Fields.Number });
                    continue;
                }
                if (rejected > 0 && !skipInvalid) continue; // refused already: keep checking for the report, write nothing more
                await run.AddAsync(record, ct);
            }
            if (total == 0) throw ImportFileException.Because("文件中没有诉求数据（只有表头或为空）");
            if ((rejected > 0 && !skipInvalid) || rejected == total)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                logger.LogInformation("12345 import refused: {Rows} rows, {Rejected} rejected", total, rejected);
                return new ImportReport(null, false, total, 0, 0, 0, rejected, skipInvalid, 0, rejections, fileName, sha256);
            }
            await run.FlushAsync(ct);

            import.Rows = total;
            import.Inserted = run.Inserted;
            import.Updated = run.Updated;
            import.Unchanged = run.Unchanged;
            import.Rejected = rejected;
            import.Rejections = rejections.Count > 0 ? JsonSerializer.Serialize(rejections, WuyiDbContext.Json) : null;
            var deducting = Stopwatch.StartNew();
            // As of the import's time, like the re-evaluation check below; inside the transaction, so before and after are exactly this import.
            import.Deductions = ImportDeductions.Serialize(
                await ImportDeductions.ComputeAsync(db, scales, recheck, import.Id, run.Touched, run.Replaced, now, ct));
            deducting.Stop();
            db.ProgrammeEvents.Add(ProgrammeEvent.Of(ProgrammeEventKind.ComplaintsImported, null, actor, now,
                $"导入12345诉求 {total} 行{(fileName is null ? "（接口）" : $"（{fileName}）")}：新增 {run.Inserted} 条，更新 {run.Updated} 条，未变 {run.Unchanged} 条" +
                (rejected > 0 ? $"，{rejected} 行有问题未导入" : ""), import.Id));
            await db.SaveChangesAsync(ct);
            // A deduction alone never revokes: a title it would fail goes onto its district's re-evaluation queue.
            import.ReEvaluationsQueued = await dynamic.RecheckHotlineStandingAsync(actor, run.Affected, ct);
            await db.SaveChangesAsync(ct);
            db.FiguresMoved(Dashboards.FigureSections.Hotline, run.Touched); // written around the change tracker: the dashboards are told
            await tx.CommitAsync(ct);
            logger.LogInformation("12345 import {Id}: {Rows} rows, {Inserted} new, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, {Queued} queued, " +
                "{Elapsed} ({Comparing} comparing with the rows on record, {Writing} writing, {Deducting} deductions of {Touched} communities)",
                import.Id, total, run.Inserted, run.Updated, run.Unchanged, rejected, import.ReEvaluationsQueued, clock.Elapsed, run.Comparing, run.Writing,
                deducting.Elapsed, run.Touched.Count);
            return new ImportReport(import.Id, true, total, run.Inserted, run.Updated, run.Unchanged, rejected, skipInvalid,
                import.ReEvaluationsQueued, rejections, fileName, sha256);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (sqlite) SqliteTurn.Release();
        }
    }

    /// <summary>The complaint to write, or null with the reasons added to <paramref name="errors"/>.</summary>
    private static HotlineComplaintRecord? Check(SourceRow row, CommunityMatcher matcher, DateTimeOffset now, Dictionary<string, int> seen, List<Rejection> errors)
    {
        var f = row.Fields;
        var n = row.Row;
        void Fail(ComplaintColumn column, string reason) => errors.Add(new(n, f.Number, ComplaintText.Label(column), reason));
        // A column whose text could not be read is already refused; "missing" is for one that said nothing.
        void Missing(ComplaintColumn column, string reason)
        {
            if (!errors.Any(e => e.Field == ComplaintText.Label(column))) Fail(column, reason);
        }

        var number = f.Number;
        if (number is null) Fail(ComplaintColumn.Number, "缺少工单编号");
        else if (number.Length > MaxNumberLength || !number.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            Fail(ComplaintColumn.Number, $"工单编号“{ComplaintText.Shorten(number)}”无效：只能包含字母、数字、- 和 _，最长 {MaxNumberLength} 位");
        else if (!seen.TryAdd(number, n)) Fail(ComplaintColumn.Number, $"工单编号与第 {seen[number]} 行重复");

        if (f.ReceivedAt is not { } received) Missing(ComplaintColumn.ReceivedAt, "缺少受理时间");
        else if (received > now.AddMinutes(10)) Fail(ComplaintColumn.ReceivedAt, "受理时间晚于当前时间");

        if (f.EpidemicRelated is null) Missing(ComplaintColumn.EpidemicRelated, "缺少“是否涉疫”");

        if (f.ResponseDeadline is not { } deadline) Missing(ComplaintColumn.ResponseDeadline, "缺少答复时限");
        else if (f.ReceivedAt is { } r1 && deadline < r1) Fail(ComplaintColumn.ResponseDeadline, "答复时限早于受理时间");

        if (f.RespondedAt is { } responded && f.ReceivedAt is { } r2 && responded < r2) Fail(ComplaintColumn.RespondedAt, "答复时间早于受理时间");
        else if (f.RespondedAt is { } r3 && r3 > now.AddMinutes(10)) Fail(ComplaintColumn.RespondedAt, "答复时间晚于当前时间");

        var (code, problem, field) = matcher.Match(f);
        if (problem is not null) errors.Add(new(n, f.Number, field, problem));

        if (errors.Count > 0 || code is null || number is null) return null;
        return new HotlineComplaintRecord
        {
            Number = number, CommunityCode = code, ReceivedAtUtc = f.ReceivedAt!.Value.UtcDateTime, EpidemicRelated = f.EpidemicRelated!.Value,
            ResponseDeadlineUtc = f.ResponseDeadline!.Value.UtcDateTime, RespondedAtUtc = f.RespondedAt?.UtcDateTime,
            FollowUp = f.FollowUp ?? Domain.Rules.FollowUpResult.None,
        };
    }

    /// <summary>Checked rows, written a chunk at a time: a complaint on record is compared, not overwritten blindly.</summary>
    private sealed class Run(WuyiDbContext db, ComplaintWriter writer, Guid importId, DateTimeOffset now)
    {
        private readonly List<HotlineComplaintRecord> _chunk = new(ChunkSize);
        private readonly List<HotlineComplaintRecord> _inserts = new(ChunkSize);
        private readonly List<HotlineComplaintRecord> _updates = [];

        public TimeSpan Comparing { get; private set; }
        public TimeSpan Writing { get; private set; }

        public int Inserted { get; private set; }
        public int Updated { get; private set; }
        public int Unchanged { get; private set; }

        /// <summary>Communities whose epidemic complaints changed: their standing is judged again.</summary>
        public HashSet<string> Affected { get; } = new(StringComparer.Ordinal);

        /// <summary>Communities whose complaints this import added, changed or took away: their deductions are shown before and after.</summary>
        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        /// <summary>The versions its updates overwrote, as they were: the deductions before the import count them.</summary>
        public List<HotlineComplaintRecord> Replaced { get; } = [];

        public async Task AddAsync(HotlineComplaintRecord record, CancellationToken ct)
        {
            _chunk.Add(record);
            if (_chunk.Count == ChunkSize) await FlushAsync(ct);
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            if (_chunk.Count == 0) return;
            var clock = Stopwatch.StartNew();
            var numbers = _chunk.Select(c => c.Number).ToList();
            var existing = await writer.OnRecord(db, numbers).AsNoTracking().ToDictionaryAsync(c => c.Number, ct);
            Comparing += clock.Elapsed;
            _inserts.Clear();
            _updates.Clear();
            foreach (var record in _chunk)
            {
                record.ImportId = importId;
                if (!existing.TryGetValue(record.Number, out var old))
                {
                    record.ImportedAtUtc = now.UtcDateTime;
                    _inserts.Add(record);
                }
                else if (Same(old, record))
                {
                    Unchanged++;
                    continue;
                }
                else
                {
                    record.ImportedAtUtc = old.ImportedAtUtc;
                    _updates.Add(record);
                    Touched.Add(old.CommunityCode);
                    if (old.EpidemicRelated)
                    {
                        Affected.Add(old.CommunityCode);
                        Replaced.Add(old);
                    }
                }
                Touched.Add(record.CommunityCode);
                if (record.EpidemicRelated) Affected.Add(record.CommunityCode);
            }
            clock.Restart();
            await writer.InsertAsync(_inserts, ct);
            await writer.UpdateAsync(_updates, ct);
            Writing += clock.Elapsed;
            Inserted += _inserts.Count;
            Updated += _updates.Count;
            _chunk.Clear();
        }

        private static bool Same(HotlineComplaintRecord a, HotlineComplaintRecord b) =>
            a.CommunityCode == b.CommunityCode && a.ReceivedAtUtc == b.ReceivedAtUtc && a.EpidemicRelated == b.EpidemicRelated
            && a.ResponseDeadlineUtc == b.ResponseDeadlineUtc && a.RespondedAtUtc == b.RespondedAtUtc && a.FollowUp == b.FollowUp;
    }
}
