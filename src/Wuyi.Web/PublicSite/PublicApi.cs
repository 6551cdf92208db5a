using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Scales;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Publication;
using Wuyi.Web.Scales;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// Anonymous reads that residents, the press and other platforms rely on. Only what is public:
/// the certified list, a community's standing, the batches, the scale.
/// </summary>
public static class PublicApi
{
    public const string Programme = "11"; // 北京市

    public sealed record Summary(string City, int Districts, int Streets, int Communities, int Certified, int Batches, DateOnly? LastPublishedOn);

    public sealed record CertifiedCommunity(string Code, string Name, CommunityKind Kind, DivisionRef Street, DivisionRef District, int BatchNumber, DateOnly CertifiedOn);

    public enum PublicStatus
    {
        NotCertified = 0, // 未认定
        Applying = 1,     // 创建申报中
        Certified = 2,    // 已认定
    }

    public sealed record CommunityStatus(string Code, string Name, CommunityKind Kind, DivisionRef Street, DivisionRef District,
        PublicStatus Status, string StatusName, int? BatchNumber, DateOnly? CertifiedOn);

    public static RouteGroupBuilder MapPublicApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/public").WithTags("Public").AllowAnonymous();

        g.MapGet("/summary", async (WuyiDbContext db, CancellationToken ct) =>
            {
                var counts = await db.Divisions.AsNoTracking()
                    .Where(d => d.Code.StartsWith(Programme))
                    .GroupBy(d => d.Level).Select(x => new { Level = x.Key, Count = x.Count() })
                    .ToDictionaryAsync(x => x.Level, x => x.Count, ct);
                var city = await db.Divisions.AsNoTracking().Where(d => d.Code == Programme).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "";
                var certified = await db.Certifications.CountAsync(c => c.ActiveForCommunity != null && c.CommunityCode.StartsWith(Programme), ct);
                var batches = await db.PublicationBatches.CountAsync(ct);
                var last = await db.PublicationBatches.MaxAsync(b => (DateOnly?)b.PublishedOn, ct);
                return TypedResults.Ok(new Summary(city, counts.GetValueOrDefault(DivisionLevel.District), counts.GetValueOrDefault(DivisionLevel.Street),
                    counts.GetValueOrDefault(DivisionLevel.Community), certified, batches, last));
            })
            .WithSummary("Counts for the city: districts, streets, communities, certified");

        g.MapGet("/certified", async Task<Results<Ok<Paged<CertifiedCommunity>>, ProblemHttpResult>> (WuyiDbContext db, string? district, string? q, int? page, int? pageSize, int? batch, CancellationToken ct) =>
            {
                if (!string.IsNullOrWhiteSpace(district) && DivisionCode.LevelOf(district.Trim()) is not (DivisionLevel.District or DivisionLevel.Street))
                    return TypedResults.Problem($"district 参数应为 6 位区级或 9 位街道区划代码，收到“{district}”", statusCode: 400, title: "参数无效");
                var p = Math.Max(1, page ?? 1);
                var size = Math.Clamp(pageSize ?? 50, 1, ApplicationViews.MaxPageSize);
                var rows = from c in db.Certifications.AsNoTracking()
                           where c.ActiveForCommunity != null
                           join v in db.Divisions on c.CommunityCode equals v.Code
                           join s in db.Divisions on v.ParentCode equals s.Code
                           join d in db.Divisions on s.ParentCode equals d.Code
                           select new { c, v, s, d };
                rows = rows.Where(r => r.c.CommunityCode.StartsWith(string.IsNullOrWhiteSpace(district) ? Programme : district.Trim()));
                if (batch is { } n) rows = rows.Where(r => r.c.BatchNumber == n);
                if (!string.IsNullOrWhiteSpace(q))
                {
                    var term = q.Trim();
                    rows = rows.Where(r => r.v.Name.Contains(term) || r.s.Name.Contains(term) || r.c.CommunityCode == term);
                }
                var total = await rows.CountAsync(ct);
                var items = await rows.OrderBy(r => r.c.CommunityCode)
                    .Skip((p - 1) * size).Take(size)
                    .Select(r => new CertifiedCommunity(r.v.Code, r.v.Name, r.v.Kind, new DivisionRef(r.s.Code, r.s.Name), new DivisionRef(r.d.Code, r.d.Name), r.c.BatchNumber, r.c.CertifiedOn))
                    .ToListAsync(ct);
                return TypedResults.Ok(new Paged<CertifiedCommunity>(items, p, size, total));
            })
            .WithSummary("Certified communities, paged, by district (or street) and name, in division-code order");

        g.MapGet("/communities/{code}", async Task<Results<Ok<CommunityStatus>, ProblemHttpResult>> (string code, WuyiDbContext db, CancellationToken ct) =>
            {
                var row = await (from v in db.Divisions.AsNoTracking()
                                 where v.Code == code && v.Level == DivisionLevel.Community
                                 join s in db.Divisions on v.ParentCode equals s.Code
                                 join d in db.Divisions on s.ParentCode equals d.Code
                                 select new { v, s, d }).FirstOrDefaultAsync(ct);
                if (row is null)
                    return TypedResults.Problem($"没有区划代码为“{code}”的社区（村）", statusCode: StatusCodes.Status404NotFound, title: "找不到该社区（村）");
                var certification = await db.Certifications.AsNoTracking().FirstOrDefaultAsync(c => c.ActiveForCommunity == code, ct);
                var applying = certification is null && await db.Applications.AnyAsync(a => a.OpenForCommunity == code && a.State != ApplicationState.Draft, ct);
                var status = certification is not null ? PublicStatus.Certified : applying ? PublicStatus.Applying : PublicStatus.NotCertified;
                return TypedResults.Ok(new CommunityStatus(row.v.Code, row.v.Name, row.v.Kind, new(row.s.Code, row.s.Name), new(row.d.Code, row.d.Name),
                    status, StatusName(status), certification?.BatchNumber, certification?.CertifiedOn));
            })
            .WithSummary("One community's current public status");

        g.MapGet("/batches", async (WuyiDbContext db, CancellationToken ct) =>
                (await db.PublicationBatches.AsNoTracking().OrderBy(b => b.Number).ToListAsync(ct)).Select(PublicationApi.ToView).ToList())
            .WithSummary("Published batches");

        g.MapGet("/batches/{number:int}", async Task<Results<Ok<PublicationApi.BatchView>, NotFound>> (int number, WuyiDbContext db, CancellationToken ct) =>
                await db.PublicationBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Number == number, ct) is { } b
                    ? TypedResults.Ok(PublicationApi.ToView(b)) : TypedResults.NotFound())
            .WithSummary("One published batch");

        g.MapGet("/scale", async (WuyiDbContext db, ScaleCatalog scales, TimeProvider time, CancellationToken ct) =>
            {
                var scale = await scales.InForceAsync(db, ScaleCatalog.Today(time), ct);
                var passMark = (await scales.PassMarksAsync(db, scale, ct)).InForceOn(ScaleCatalog.Today(time));
                return TypedResults.Ok(new
                {
                    scale.Id, scale.Name, scale.EffectiveFrom, scale.Total, PassMark = passMark, scale.Hotline,
                    Parts = scale.Parts,
                });
            })
            .WithSummary("The scale in force today with its pass mark");

        return api;
    }

    public static string StatusName(PublicStatus s) => s switch
    {
        PublicStatus.Certified => "已认定为无疫社区（村）",
        PublicStatus.Applying => "创建申报中",
        _ => "未认定",
    };
}
