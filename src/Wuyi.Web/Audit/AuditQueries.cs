using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Audit;

/// <summary>What the audit administrator searches the trail by; every part is optional.</summary>
public sealed record AuditFilter(DateTime? FromUtc, DateTime? ToUtc, string? Actor, string? Action, string? Object, string? Outcome);

/// <summary>Search and export of the trail, newest first, for the audit administrator (page and API alike).</summary>
public static class AuditQueries
{
    public const int MaxExportRows = 100_000;

    public static IQueryable<AuditRecord> Matching(WuyiDbContext db, AuditFilter f)
    {
        var q = db.AuditRecords.AsNoTracking();
        if (f.FromUtc is { } from) q = q.Where(r => r.AtUtc >= from);
        if (f.ToUtc is { } to) q = q.Where(r => r.AtUtc < to);
        if (Trim(f.Actor) is { } actor) q = q.Where(r => r.ActorUserId == actor || (r.ActorName != null && r.ActorName.Contains(actor)));
        if (AuditOperations.ForKey(Trim(f.Action)) is { } op)
        {
            // An operation from the list: its page and API actions; a raw action is still searched as text (the API's callers).
            if (AuditOperations.IsExport(op)) q = q.Where(r => r.Action.StartsWith(AuditOperations.ExportPrefixText));
            else
            {
                var actions = AuditOperations.Variants(op);
                q = q.Where(r => actions.Contains(r.Action));
            }
        }
        else if (Trim(f.Action) is { } action) q = q.Where(r => r.Action.Contains(action));
        if (Trim(f.Object) is { } obj) q = q.Where(r => r.ObjectId == obj || r.ObjectType == obj);
        if (Trim(f.Outcome) is { } outcome) q = q.Where(r => r.Outcome == outcome);
        return q.OrderByDescending(r => r.Sequence);
    }

    public static async Task<Paged<AuditRecord>> SearchAsync(WuyiDbContext db, AuditFilter filter, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var q = Matching(db, filter);
        return new Paged<AuditRecord>(await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct), page, pageSize, await q.CountAsync(ct));
    }

    public static async Task<byte[]> CsvAsync(WuyiDbContext db, AuditFilter filter, CancellationToken ct)
    {
        var rows = await Matching(db, filter).Take(MaxExportRows).ToListAsync(ct);
        return CsvExport.Build(
            ["序号", "时间（北京时间）", "用户ID", "用户", "角色", "单位", "IP", "客户端", "操作", "对象类型", "对象", "结果", "状态码", "问题代码", "数据变化", "前一哈希", "哈希"],
            rows.Select(r => new[]
            {
                r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Beijing(r.AtUtc), r.ActorUserId, r.ActorName, r.Role, r.Unit,
                r.ClientIp, r.UserAgent, r.Action, r.ObjectType, r.ObjectId, AuditOutcome.Name(r.Outcome), r.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.ProblemCode, r.Changes, r.PreviousHash, r.Hash,
            }));
    }

    /// <summary>An audit time in Beijing time, to the second.</summary>
    public static string Beijing(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Wuyi.Domain.Common.ProgrammeClock.Offset).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The start of a Beijing calendar day, in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Wuyi.Domain.Common.ProgrammeClock.Offset).UtcDateTime;

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
