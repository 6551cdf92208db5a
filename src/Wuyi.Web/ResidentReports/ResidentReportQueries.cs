using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.ResidentReports;

/// <summary>A report in the officials' queue (群众反映): what it says, where, and where it stands.</summary>
public sealed record ReportView(Guid Id, string Receipt, Place Place, ReportKind Kind, string KindName, string Text, string? Contact,
    DateTime ReceivedAtUtc, ReportStatus Status, string StatusName, bool HasPhoto, string? PublicOutcome, string? InternalNote,
    DateTime? PassedToInspectionAtUtc, DateTime? ClosedAtUtc, string? HandledByName, DateTime UpdatedAtUtc, int Version)
{
    public bool IsOpen => Status != ReportStatus.Closed;
}

/// <summary>
/// What the resident reads by the receipt number: where the report stands and, once closed, the public outcome line —
/// never the text, the contact or the photo.
/// </summary>
public sealed record ReportReceiptStatus(string Receipt, string CommunityName, DateOnly ReceivedOn, ReportStatus Status, string StatusName,
    string? Outcome, DateOnly? ClosedOn);

/// <summary>A community's reports since a date, for the inspections' risk ranking (风险排序): all of them, and those still open.</summary>
public sealed record ReportCounts(int Total, int Open);

/// <summary>Reads of residents' reports, each scoped by the actor's subtree inside the query (docs/decisions/0003).</summary>
public sealed class ResidentReportQueries(WuyiDbContext db, DynamicQueries places)
{
    public async Task<Paged<ReportView>> ListAsync(Actor actor, string? community, ReportStatus? status, ReportKind? kind, bool openOnly, int page,
        int pageSize, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.ReadResidentReports);
        var q = db.ResidentReports.AsNoTracking().Under(r => r.CommunityCode, actor.Narrow(community));
        if (status is { } s) q = q.Where(r => r.Status == s);
        if (kind is { } k) q = q.Where(r => r.Kind == k);
        if (openOnly) q = q.Where(r => r.Status != ReportStatus.Closed);
        var size = Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(r => r.ReceivedAtUtc).ThenByDescending(r => r.Id)
            .Skip((Math.Max(1, page) - 1) * size).Take(size).ToListAsync(ct);
        var where = await places.PlacesAsync(items.Select(r => r.CommunityCode), ct);
        return new(items.Select(r => View(r, where[r.CommunityCode])).ToList(), Math.Max(1, page), size, total);
    }

    /// <summary>One report, inside the subtree (404 otherwise).</summary>
    public async Task<ReportView> DetailAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var report = await InScopeAsync(actor, id, ct);
        return View(report, (await places.PlacesAsync([report.CommunityCode], ct))[report.CommunityCode]);
    }

    /// <summary>The report's photo (stored name and type), inside the subtree; 404 without one.</summary>
    public async Task<(string StoredName, string ContentType, string Receipt)> PhotoAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var report = await InScopeAsync(actor, id, ct);
        return report is { PhotoStoredName: { } name, PhotoContentType: { } type }
            ? (name, type, report.Receipt)
            : throw new NotFoundException("该反映没有照片");
    }

    /// <summary>Open reports in the actor's subtree (the menu's and the to-do's count).</summary>
    public Task<int> OpenCountAsync(Actor actor, CancellationToken ct) =>
        actor.Role.Allows(Permission.ReadResidentReports)
            ? db.ResidentReports.AsNoTracking().Under(r => r.CommunityCode, actor.DivisionCode).CountAsync(r => r.Status != ReportStatus.Closed, ct)
            : Task.FromResult(0);

    /// <summary>The status a receipt number unlocks, or null for a number that is no receipt or none on record.</summary>
    public async Task<ReportReceiptStatus?> ByReceiptAsync(string? typed, CancellationToken ct)
    {
        if (ReceiptNumber.Normalise(typed) is not { } receipt) return null;
        var found = await db.ResidentReports.AsNoTracking().Where(r => r.Receipt == receipt)
            .Select(r => new { r.CommunityCode, r.ReceivedAtUtc, r.Status, r.PublicOutcome, r.ClosedAtUtc }).FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var name = await db.Divisions.AsNoTracking().Where(d => d.Code == found.CommunityCode).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "";
        return new(ReceiptNumber.Format(receipt), name, ProgrammeClock.DateOf(ProgrammeClock.FromUtc(found.ReceivedAtUtc)), found.Status,
            ResidentReport.StatusName(found.Status), found.Status == ReportStatus.Closed ? found.PublicOutcome : null,
            found.ClosedAtUtc is { } closed ? ProgrammeClock.DateOf(ProgrammeClock.FromUtc(closed)) : null);
    }

    /// <summary>
    /// The seam for the risk ranking (督导检查的风险排序): per community of <paramref name="communityCodes"/>, the reports received
    /// since <paramref name="sinceUtc"/> and how many of them are still open. A community without any is absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ReportCounts>> CountsAsync(WuyiDbContext db, IReadOnlyCollection<string> communityCodes,
        DateTime sinceUtc, CancellationToken ct)
    {
        var counts = new Dictionary<string, ReportCounts>(StringComparer.Ordinal);
        foreach (var chunk in communityCodes.Distinct().Chunk(500))
            await CountIntoAsync(counts, db.ResidentReports.Where(r => chunk.Contains(r.CommunityCode)), sinceUtc, ct);
        return counts;
    }

    /// <summary>The same counts for every community under the division code <paramref name="prefix"/>, in one query.</summary>
    public static async Task<IReadOnlyDictionary<string, ReportCounts>> CountsUnderAsync(WuyiDbContext db, string prefix, DateTime sinceUtc,
        CancellationToken ct)
    {
        var counts = new Dictionary<string, ReportCounts>(StringComparer.Ordinal);
        await CountIntoAsync(counts, db.ResidentReports.Under(r => r.CommunityCode, prefix), sinceUtc, ct);
        return counts;
    }

    private static async Task CountIntoAsync(Dictionary<string, ReportCounts> counts, IQueryable<ResidentReport> reports, DateTime sinceUtc,
        CancellationToken ct)
    {
        var rows = await reports.AsNoTracking()
            .Where(r => r.ReceivedAtUtc >= sinceUtc)
            .GroupBy(r => r.CommunityCode)
            .Select(g => new { g.Key, Total = g.Count(), Open = g.Count(r => r.Status != ReportStatus.Closed) })
            .ToListAsync(ct);
        foreach (var row in rows) counts[row.Key] = new ReportCounts(row.Total, row.Open);
    }

    private async Task<ResidentReport> InScopeAsync(Actor actor, Guid id, CancellationToken ct)
    {
        Permissions.Require(actor, Permission.ReadResidentReports);
        var report = await db.ResidentReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        return report is not null && actor.Covers(report.CommunityCode) ? report : throw new NotFoundException("找不到该反映");
    }

    private static ReportView View(ResidentReport r, Place place) => new(r.Id, ReceiptNumber.Format(r.Receipt), place, r.Kind,
        ResidentReport.KindName(r.Kind), r.Text, r.Contact, r.ReceivedAtUtc, r.Status, ResidentReport.StatusName(r.Status), r.PhotoStoredName is not null,
        r.PublicOutcome, r.InternalNote, r.PassedToInspectionAtUtc, r.ClosedAtUtc, r.HandledByName, r.UpdatedAtUtc, r.Version);
}
