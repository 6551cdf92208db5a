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

    /// <summary>The trail as a list to take away: the stored record as it is (the hash covers it), with the operation and role in Chinese.</summary>
    public static readonly TableExport<AuditRecord> Export = new TableExport<AuditRecord>("审计记录", "审计记录")
        .Number("序号", r => r.Sequence)
        .Time("时间（北京时间）", r => r.AtUtc, 20)
        .Text("用户ID", r => r.ActorUserId, 38)
        .Text("用户", r => r.ActorName, 14)
        .Text("角色", r => AuditOperations.RoleName(r.Role), 14)
        .Text("单位", r => r.Unit, 14)
        .Text("IP", r => r.ClientIp, 16)
        .Text("客户端", r => r.UserAgent, 24)
        .Text("操作名称", r => AuditOperations.Of(r.Action)?.Name, 16)
        .Text("操作", r => r.Action, 40)
        .Text("对象类型", r => r.ObjectType, 14)
        .Text("对象", r => r.ObjectId, 38)
        .Text("结果", r => AuditOutcome.Name(r.Outcome), 8)
        .Number("状态码", r => r.Status, 8)
        .Text("问题代码", r => r.ProblemCode, 20)
        .Text("数据变化", r => r.Changes, 48)
        .Text("前一哈希", r => r.PreviousHash, 24)
        .Text("哈希", r => r.Hash, 24);

    /// <summary>The matching records, newest first, streamed from the database as they are read.</summary>
    public static ExportDownload<AuditRecord> Download(WuyiDbContext db, AuditFilter filter, ExportFormat format, string fileName) =>
        Export.Download(format, fileName, () => Matching(db, filter).AsAsyncEnumerable());

    /// <summary>An audit time in Beijing time, to the second.</summary>
    public static string Beijing(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Wuyi.Domain.Common.ProgrammeClock.Offset).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The start of a Beijing calendar day, in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Wuyi.Domain.Common.ProgrammeClock.Offset).UtcDateTime;

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
