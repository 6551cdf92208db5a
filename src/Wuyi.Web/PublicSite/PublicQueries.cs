using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

public sealed record Summary(string City, int Districts, int Streets, int Communities, int Certified, int Batches, DateOnly? LastPublishedOn);

/// <summary>A district on the public statistics page: its communities, those certified now, and those whose title was revoked.</summary>
public sealed record DistrictFigures(DivisionRef District, int Communities, int Certified, int Revoked)
{
    public decimal? Coverage => Communities == 0 ? null : (decimal)Certified / Communities;
}

/// <summary>A batch on the public statistics page: how many it certified, and the running total of titles granted.</summary>
public sealed record BatchFigures(int Number, string Title, DateOnly PublishedOn, int Certified, int Cumulative);

/// <param name="CertificateNumber">证书编号 of the standing title (decision 0012).</param>
public sealed record CertifiedCommunity(string Code, string Name, CommunityKind Kind, DivisionRef Street, DivisionRef District, int BatchNumber, DateOnly CertifiedOn,
    string CertificateNumber) : ICertifiedRow;

/// <summary>What every row of a certified list says (the list as it stands, a batch as published): its export's first columns.</summary>
public interface ICertifiedRow
{
    string Code { get; }
    string Name { get; }
    CommunityKind Kind { get; }
    DivisionRef Street { get; }
    DivisionRef District { get; }
    int BatchNumber { get; }
    DateOnly CertifiedOn { get; }
    string CertificateNumber { get; }
}

/// <summary>
/// One community of a batch as the batch was published (issue 13, item 3): every certification the batch granted, in the
/// order it was published, whatever became of it since. The standing says what became of it (<see cref="CertificateStanding"/>:
/// 有效, also after a restoration; 已取消认定; 已重新认定 in a later batch).
/// </summary>
/// <param name="CertificateNumber">证书编号 of this batch's certification (kept through a revocation, decision 0012).</param>
/// <param name="Standing">What the certificate says today.</param>
/// <param name="RevokedOn">The day the title was revoked (取消认定), while it stays revoked.</param>
/// <param name="RestoredOn">The day the title was restored (恢复认定), when a revocation was undone.</param>
/// <param name="CertifiedAgainInBatch">The later batch that certified the community again, when one did.</param>
public sealed record BatchCommunity(string Code, string Name, CommunityKind Kind, DivisionRef Street, DivisionRef District, int BatchNumber, DateOnly CertifiedOn,
    string CertificateNumber, CertificateStatus Standing, string StandingName, DateOnly? RevokedOn, DateOnly? RestoredOn,
    int? CertifiedAgainInBatch, DateOnly? CertifiedAgainOn) : ICertifiedRow
{
    /// <summary>
    /// The mark printed beside the name, or null when the title stands: （已于2022年7月1日取消认定）, or, certified again,
    /// （已于…取消认定，…重新认定，见第 3 批）. A restored title is not marked: the same certificate stands again (decision 0012).
    /// </summary>
    public string? Mark => Standing switch
    {
        CertificateStatus.Revoked => $"（已于{FormalDate.Of(RevokedOn!.Value)}取消认定）",
        CertificateStatus.CertifiedAgain => $"（已于{FormalDate.Of(RevokedOn!.Value)}取消认定，"
            + (CertifiedAgainOn is { } on ? $"{FormalDate.Of(on)}重新认定" : "后重新认定")
            + (CertifiedAgainInBatch is { } n ? $"，见第 {n} 批）" : "）"),
        _ => null,
    };
}

public enum PublicStatus
{
    NotCertified = 0, // 未认定
    Applying = 1,     // 创建申报中
    Certified = 2,    // 已认定
    Revoked = 3,      // 已取消认定: its last title was revoked and it has not applied again
}

/// <param name="CertificateNumber">证书编号 of the standing title, when there is one.</param>
public sealed record CommunityStatus(string Code, string Name, CommunityKind Kind, DivisionRef Street, DivisionRef District,
    PublicStatus Status, string StatusName, int? BatchNumber, DateOnly? CertifiedOn, string? CertificateNumber);

/// <summary>
/// What the public may read, for the public API and the public pages alike. Only standing titles are on the
/// certified list: a revoked certification is never shown as certified. A batch is listed as published
/// (<see cref="BatchListAsync"/>), its revoked titles marked as such.
/// </summary>
public sealed class PublicQueries(WuyiDbContext db, Microsoft.Extensions.Options.IOptions<Infrastructure.WuyiOptions> options)
{
    /// <summary>The programme's province-level node (北京市 = 11), the same setting start-up imports.</summary>
    public string Programme => options.Value.Province;

    public async Task<Summary> SummaryAsync(CancellationToken ct)
    {
        var counts = await db.Divisions.AsNoTracking()
            .Under(d => d.Code, Programme)
            .GroupBy(d => d.Level).Select(x => new { Level = x.Key, Count = x.Count() })
            .ToDictionaryAsync(x => x.Level, x => x.Count, ct);
        var city = await CityAsync(ct);
        var certified = await db.Certifications.Under(c => c.CommunityCode, Programme).CountAsync(c => c.ActiveForCommunity != null, ct);
        var batches = await db.PublicationBatches.CountAsync(ct);
        var last = await db.PublicationBatches.MaxAsync(b => (DateOnly?)b.PublishedOn, ct);
        return new Summary(city, counts.GetValueOrDefault(DivisionLevel.District), counts.GetValueOrDefault(DivisionLevel.Street),
            counts.GetValueOrDefault(DivisionLevel.Community), certified, batches, last);
    }

    /// <summary>The programme's city by name (北京市).</summary>
    public async Task<string> CityAsync(CancellationToken ct) =>
        await db.Divisions.AsNoTracking().Where(d => d.Code == Programme).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "";

    /// <param name="within">A district or street code, or null for the whole city.</param>
    public async Task<Paged<CertifiedCommunity>> CertifiedAsync(string? within, string? q, int? batch, int page, int pageSize, CancellationToken ct, bool unbounded = false)
    {
        page = Math.Max(1, page);
        pageSize = unbounded ? int.MaxValue : Math.Clamp(pageSize, 1, ApplicationViews.MaxPageSize);
        var rows = Certified(within, q, batch);
        var total = await rows.CountAsync(ct);
        var items = await rows.Skip((page - 1) * (unbounded ? 0 : pageSize)).Take(pageSize).ToListAsync(ct);
        return new Paged<CertifiedCommunity>(items, page, pageSize, total);
    }

    /// <summary>The whole certified list (or a batch's standing titles) in division-code order, streamed as it is read (the export).</summary>
    public IAsyncEnumerable<CertifiedCommunity> StreamCertified(string? within, string? q, int? batch) => Certified(within, q, batch).AsAsyncEnumerable();

    private IQueryable<CertifiedCommunity> Certified(string? within, string? q, int? batch)
    {
        var scope = string.IsNullOrWhiteSpace(within) ? Programme : within.Trim();
        var rows = from c in db.Certifications.AsNoTracking().Under(c => c.CommunityCode, scope)
                   where c.ActiveForCommunity != null
                   join v in db.Divisions on c.CommunityCode equals v.Code
                   join s in db.Divisions on v.ParentCode equals s.Code
                   join d in db.Divisions on s.ParentCode equals d.Code
                   select new { c, v, s, d };
        if (batch is { } n) rows = rows.Where(r => r.c.BatchNumber == n);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            rows = rows.Where(r => r.v.Name.Contains(term) || r.s.Name.Contains(term) || r.c.CommunityCode == term);
        }
        return rows.OrderBy(r => r.c.CommunityCode)
            .Select(r => new CertifiedCommunity(r.v.Code, r.v.Name, r.v.Kind, new DivisionRef(r.s.Code, r.s.Name), new DivisionRef(r.d.Code, r.d.Name), r.c.BatchNumber, r.c.CertifiedOn, r.c.Number));
    }

    public async Task<CommunityStatus?> CommunityAsync(string code, CancellationToken ct)
    {
        var row = await (from v in db.Divisions.AsNoTracking()
                         where v.Code == code && v.Level == DivisionLevel.Community
                         join s in db.Divisions on v.ParentCode equals s.Code
                         join d in db.Divisions on s.ParentCode equals d.Code
                         select new { v, s, d }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        return (await StatusesAsync([(row.v, row.s, row.d)], ct)).Single();
    }

    /// <summary>The most a search lists: a resident narrows by typing more of the name.</summary>
    public const int SearchLimit = 50;

    /// <summary>
    /// A resident's search (查找社区（村）): every community of the programme whose name contains the text or whose code is
    /// the text, certified or not, each with its public status, in division-code order; at most <see cref="SearchLimit"/>.
    /// </summary>
    public async Task<(IReadOnlyList<CommunityStatus> Found, bool More)> SearchAsync(string q, CancellationToken ct)
    {
        var term = q.Trim();
        if (term.Length == 0) return ([], false);
        var rows = await (from v in db.Divisions.AsNoTracking().Under(v => v.Code, Programme)
                          where v.Level == DivisionLevel.Community && (v.Name.Contains(term) || v.Code == term)
                          join s in db.Divisions on v.ParentCode equals s.Code
                          join d in db.Divisions on s.ParentCode equals d.Code
                          orderby v.Code
                          select new { v, s, d }).Take(SearchLimit + 1).ToListAsync(ct);
        var found = await StatusesAsync(rows.Take(SearchLimit).Select(r => (r.v, r.s, r.d)).ToList(), ct);
        return (found, rows.Count > SearchLimit);
    }

    /// <summary>The public status of each community, read for all of them at once: a standing title, else an application under way, else a revoked title.</summary>
    private async Task<IReadOnlyList<CommunityStatus>> StatusesAsync(IReadOnlyList<(Division Community, Division Street, Division District)> rows, CancellationToken ct)
    {
        var codes = rows.Select(r => r.Community.Code).ToList();
        var titles = await db.Certifications.AsNoTracking().Where(c => c.ActiveForCommunity != null && codes.Contains(c.CommunityCode))
            .ToDictionaryAsync(c => c.CommunityCode, ct);
        var applying = (await db.Applications.AsNoTracking()
            .Where(a => a.OpenForCommunity != null && codes.Contains(a.CommunityCode) && a.State != ApplicationState.Draft)
            .Select(a => a.CommunityCode).ToListAsync(ct)).ToHashSet();
        var revoked = (await db.Certifications.AsNoTracking().Where(c => codes.Contains(c.CommunityCode) && c.RevokedAtUtc != null)
            .Select(c => c.CommunityCode).Distinct().ToListAsync(ct)).ToHashSet();
        return rows.Select(r =>
        {
            var code = r.Community.Code;
            var title = titles.GetValueOrDefault(code);
            var status = title is not null ? PublicStatus.Certified : applying.Contains(code) ? PublicStatus.Applying
                : revoked.Contains(code) ? PublicStatus.Revoked : PublicStatus.NotCertified;
            return new CommunityStatus(code, r.Community.Name, r.Community.Kind, new(r.Street.Code, r.Street.Name), new(r.District.Code, r.District.Name),
                status, StatusName(status), title?.BatchNumber, title?.CertifiedOn, title?.Number);
        }).ToList();
    }

    public async Task<IReadOnlyList<PublicationBatch>> BatchesAsync(CancellationToken ct) =>
        await db.PublicationBatches.AsNoTracking().OrderBy(b => b.Number).ToListAsync(ct);

    public Task<PublicationBatch?> BatchAsync(int number, CancellationToken ct) =>
        db.PublicationBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Number == number, ct);

    /// <summary>
    /// Every community the batch certified, as published: revoked titles too (marked by their standing, never left out), in
    /// division-code order (districts, then streets), as <see cref="PublicationBatch.Publish"/> numbered them.
    /// </summary>
    public async Task<IReadOnlyList<BatchCommunity>> BatchListAsync(int number, CancellationToken ct)
    {
        var list = new List<BatchCommunity>();
        await foreach (var row in StreamBatch(number, ct)) list.Add(row);
        return list;
    }

    /// <summary>The batch as published (<see cref="BatchListAsync"/>), streamed as it is read (the export).</summary>
    public async IAsyncEnumerable<BatchCommunity> StreamBatch(int number, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        // The communities' later certifications (few: only those certified again after a revocation), for 已重新认定.
        var later = (await (from l in db.Certifications.AsNoTracking()
                            join mine in db.Certifications.Under(c => c.CommunityCode, Programme) on l.CommunityCode equals mine.CommunityCode
                            where mine.BatchNumber == number && l.CertifiedAtUtc > mine.CertifiedAtUtc
                            select l).ToListAsync(ct)).ToLookup(l => l.CommunityCode, StringComparer.Ordinal);
        var rows = from c in db.Certifications.AsNoTracking().Under(c => c.CommunityCode, Programme)
                   where c.BatchNumber == number
                   join v in db.Divisions on c.CommunityCode equals v.Code
                   join s in db.Divisions on v.ParentCode equals s.Code
                   join d in db.Divisions on s.ParentCode equals d.Code
                   orderby c.CommunityCode
                   select new { c, v, s, d };
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var again = later[r.c.CommunityCode];
            // Only the status and the days are read here: the kind of reason and 整改中 belong to the verification page.
            var standing = CertificateStanding.Of(r.c, null, null, again);
            var successor = standing.Successor is { } next ? again.FirstOrDefault(l => l.Number == next) : null;
            yield return new BatchCommunity(r.v.Code, r.v.Name, r.v.Kind, new DivisionRef(r.s.Code, r.s.Name), new DivisionRef(r.d.Code, r.d.Name),
                r.c.BatchNumber, r.c.CertifiedOn, r.c.Number, standing.Status, standing.StatusName, standing.RevokedOn, standing.RestoredOn,
                successor?.BatchNumber, successor?.CertifiedOn);
        }
    }

    /// <summary>The districts of the city, in code order, for filters.</summary>
    public async Task<IReadOnlyList<DivisionRef>> DistrictsAsync(CancellationToken ct) =>
        await db.Divisions.AsNoTracking().Under(d => d.Code, Programme).Where(d => d.Level == DivisionLevel.District)
            .OrderBy(d => d.Code).Select(d => new DivisionRef(d.Code, d.Name)).ToListAsync(ct);

    /// <summary>The public statistics (统计): per district, and per batch with its running total.</summary>
    public async Task<(IReadOnlyList<DistrictFigures> Districts, IReadOnlyList<BatchFigures> Batches)> StatisticsAsync(CancellationToken ct)
    {
        var city = Programme;
        var communities = await db.Divisions.AsNoTracking().Under(d => d.Code, city).Where(d => d.Level == DivisionLevel.Community)
            .GroupBy(d => d.Code.Substring(0, 6)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var titles = await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, city)
            .GroupBy(c => c.CommunityCode.Substring(0, 6))
            .Select(g => new { g.Key, Certified = g.Count(c => c.ActiveForCommunity != null), Revoked = g.Count(c => c.RevokedAtUtc != null) })
            .ToDictionaryAsync(x => x.Key, ct);
        var districts = (await DistrictsAsync(ct)).Select(d => new DistrictFigures(d, communities.GetValueOrDefault(d.Code),
            titles.TryGetValue(d.Code, out var t) ? t.Certified : 0, titles.TryGetValue(d.Code, out var r) ? r.Revoked : 0)).ToList();
        var granted = await db.Certifications.AsNoTracking().Under(c => c.CommunityCode, city)
            .GroupBy(c => c.BatchNumber).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var total = 0;
        var batches = (await BatchesAsync(ct)).Select(b => new BatchFigures(b.Number, b.Title, b.PublishedOn, granted.GetValueOrDefault(b.Number),
            total += granted.GetValueOrDefault(b.Number))).ToList();
        return (districts, batches);
    }

    public static string StatusName(PublicStatus s) => s switch
    {
        PublicStatus.Certified => "已认定为无疫社区（村）",
        PublicStatus.Applying => "创建申报中",
        PublicStatus.Revoked => "已取消认定",
        _ => "未认定",
    };
}
