using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;
using Wuyi.Web.Applications;
using Wuyi.Web.Certificates;
using Wuyi.Web.Data;
using Wuyi.Web.Documents;
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
    public static RouteGroupBuilder MapPublicApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/public").WithTags("Public").AllowAnonymous();

        g.MapGet("/summary", async (PublicQueries q, CancellationToken ct) => TypedResults.Ok(await q.SummaryAsync(ct)))
            .CacheOutput(PublicOutputCache.Policy)
            .WithSummary("Counts for the city: districts, streets, communities, certified");

        g.MapGet("/certified", async Task<Results<Ok<Paged<CertifiedCommunity>>, ProblemHttpResult>> (PublicQueries queries, string? district, string? q, int? page, int? pageSize, int? batch, CancellationToken ct) =>
            {
                if (!string.IsNullOrWhiteSpace(district) && DivisionCode.LevelOf(district.Trim()) is not (DivisionLevel.District or DivisionLevel.Street))
                    return TypedResults.Problem($"district 参数应为 6 位区级或 9 位街道区划代码，收到“{district}”", statusCode: 400, title: "参数无效");
                return TypedResults.Ok(await queries.CertifiedAsync(district, q, batch, page ?? 1, pageSize ?? 50, ct));
            })
            .CacheOutput(PublicOutputCache.ListApi)
            .WithSummary("Certified communities, paged, by district (or street) and name, in division-code order");

        g.MapGet("/certified/export", Results<ExportDownload<CertifiedCommunity>, ProblemHttpResult> (PublicQueries queries, string? district, string? q, int? batch, string? format) =>
            {
                if (!string.IsNullOrWhiteSpace(district) && DivisionCode.LevelOf(district.Trim()) is not (DivisionLevel.District or DivisionLevel.Street))
                    return TypedResults.Problem($"district 参数应为 6 位区级或 9 位街道区划代码，收到“{district}”", statusCode: 400, title: "参数无效");
                return PublicExport.Certified.Download(Exports.FormatOf(format), "无疫社区（村）认定名单" + (string.IsNullOrWhiteSpace(district) ? "" : "-" + district.Trim()),
                    () => queries.StreamCertified(district, q, batch));
            })
            .ProducesExport()
            .RequireRateLimiting(PublicExport.RateLimit)
            .WithSummary("The certified list as a file (format=xlsx, the default, or csv), by district (or street), name and batch; anyone may download it; not cached, on the audit trail");

        g.MapGet("/communities", async (PublicQueries queries, string? q, CancellationToken ct) =>
            {
                var (found, more) = await queries.SearchAsync(q ?? "", ct); // no text: nothing found
                return TypedResults.Ok(new CommunitySearch(found, more));
            })
            .WithSummary("Find communities by part of the name or the code, certified or not, each with its public status (at most 50; more = true when there are others)");

        g.MapGet("/communities/{code}", async Task<Results<Ok<CommunityStatus>, ProblemHttpResult>> (string code, PublicQueries q, CancellationToken ct) =>
                await q.CommunityAsync(code, ct) is { } status
                    ? TypedResults.Ok(status)
                    : TypedResults.Problem($"没有区划代码为“{code}”的社区（村）", statusCode: StatusCodes.Status404NotFound, title: "找不到该社区（村）"))
            .WithSummary("One community's current public status");

        g.MapGet("/batches", async (PublicQueries q, CancellationToken ct) => (await q.BatchesAsync(ct)).Select(PublicationApi.ToView).ToList())
            .CacheOutput(PublicOutputCache.Policy)
            .WithSummary("Published batches");

        g.MapGet("/batches/{number:int}", async Task<Results<Ok<PublishedBatch>, ProblemHttpResult>> (int number, PublicQueries q, CancellationToken ct) =>
                await q.BatchAsync(number, ct) is { } b
                    ? TypedResults.Ok(PublishedBatch.Of(b, await q.BatchListAsync(number, ct)))
                    : TypedResults.Problem($"没有第 {number} 批", statusCode: StatusCodes.Status404NotFound, title: "找不到该批次"))
            .CacheOutput(PublicOutputCache.Policy)
            .WithSummary("One published batch with its list as published: every community it certified, in division-code order, each with its 证书编号 and "
                + "its standing today (Valid, Revoked with revokedOn, CertifiedAgain with the later batch); a revoked community stays on the list");

        g.MapGet("/batches/{number:int}/export", async Task<Results<ExportDownload<BatchCommunity>, ProblemHttpResult>> (int number, PublicQueries q, string? format, CancellationToken ct) =>
                await q.BatchAsync(number, ct) is { } b
                    ? PublicExport.Batch.Download(Exports.FormatOf(format), $"第{number}批无疫社区（村）名单", () => q.StreamBatch(number))
                    : TypedResults.Problem($"没有第 {number} 批", statusCode: StatusCodes.Status404NotFound, title: "找不到该批次"))
            .ProducesExport()
            .RequireRateLimiting(PublicExport.RateLimit)
            .WithSummary("A published batch's list as published (revoked communities too, with their standing) as a file (format=xlsx, the default, or csv); anyone may download it");

        g.MapGet("/batches/{number:int}/notice", async Task<Results<PdfDownload, ProblemHttpResult>> (int number, PublicQueries q, HttpRequest request,
                Microsoft.Extensions.Options.IOptions<WuyiOptions> options, CancellationToken ct) =>
            {
                if (await q.BatchAsync(number, ct) is not { } b)
                    return TypedResults.Problem($"没有第 {number} 批", statusCode: StatusCodes.Status404NotFound, title: "找不到该批次");
                var city = await q.CityAsync(ct);
                var list = await q.BatchListAsync(number, ct);
                var noticeNumber = ProgrammeDocuments.BatchNoticeNumber(q.Programme, b.PublishedOn, b.Number);
                var listUrl = options.PublicBase(request) + "/public";
                return new PdfDownload($"{noticeNumber} {ProgrammeDocuments.BatchNoticeTitle(city, b.Title)}",
                    fonts => BatchNoticePdf.Write(fonts, city, b, list, noticeNumber, listUrl), "public, max-age=300");
            })
            .CacheOutput(PublicOutputCache.Policy)
            .RequireRateLimiting(PublicExport.RateLimit)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A batch's publication notice (公布通知) as A4 PDF: 文号 (e.g. 京无疫公〔2022〕1号), title, body, issuer, date, the place for the seal, "
                + "and the list as published in its annex with each 证书编号");

        g.MapGet("/adjustments", async (DynamicManagement.DynamicQueries q, PublicQueries p, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await q.AdjustmentsAsync(p.Programme, page ?? 1, pageSize ?? 50, ct)))
            .CacheOutput(PublicOutputCache.Paged)
            .WithSummary("Dynamic adjustments (动态调整): revocations and restorations, newest first, with their public reasons");

        g.MapGet("/communities/{code}/story", async Task<Results<Ok<IReadOnlyList<DynamicManagement.StoryEntry>>, ProblemHttpResult>> (string code, PublicQueries q, DynamicManagement.DynamicQueries dynamic, CancellationToken ct) =>
                await q.CommunityAsync(code, ct) is null
                    ? TypedResults.Problem($"没有区划代码为“{code}”的社区（村）", statusCode: StatusCodes.Status404NotFound, title: "找不到该社区（村）")
                    : TypedResults.Ok(await dynamic.StoryAsync(null, code, publicOnly: true, ct)))
            .CacheOutput(PublicOutputCache.Policy)
            .WithSummary("A community's public story: publication, revocations and restorations");

        g.MapGet("/certificates/{number}", async Task<Results<Ok<CertificateVerification>, ProblemHttpResult>> (string number, HttpRequest request,
                CertificateQueries certificates, PublicQueries q, Microsoft.Extensions.Options.IOptions<WuyiOptions> options, CancellationToken ct) =>
                CertificateNumber.Normalise(number, q.Programme) is { } canonical && await certificates.FindAsync(canonical, ct) is { } found
                    ? TypedResults.Ok(CertificateVerification.Of(found, options.VerifyUrl(request, found.Number)))
                    : TypedResults.Problem($"证书编号“{number}”不存在：本平台没有这一编号的无疫社区（村）认定证书", statusCode: StatusCodes.Status404NotFound,
                        title: "证书编号不存在", extensions: new Dictionary<string, object?> { ["code"] = "certificate-not-found" }))
            .CacheOutput(PublicOutputCache.Policy)
            .WithSummary("Verify a certificate (证书核验) by its number, e.g. 京无疫证〔2022〕0108-0001 (URL-encoded; other spellings of it are read too): its live status (Valid 有效, Revoked 已取消认定 with the day and the kind of reason and whether a rectification is open, CertifiedAgain 已重新认定 with the new number); 404 certificate-not-found");

        g.MapGet("/scale", async (WuyiDbContext db, ScaleCatalog scales, TimeProvider time, CancellationToken ct) =>
            {
                var today = ScaleCatalog.Today(time);
                var scale = await scales.InForceAsync(db, today, ct);
                var passMark = (await scales.PassMarksAsync(db, scale, ct)).InForceOn(today);
                return TypedResults.Ok(new { scale.Id, scale.Name, scale.EffectiveFrom, scale.Total, PassMark = passMark, scale.Hotline, scale.Parts });
            })
            .WithSummary("The scale in force today with its pass mark");

        return api;
    }
}

/// <summary>
/// A published batch (<see cref="PublicationApi.BatchView"/>'s fields) with its list as published (<see cref="PublicQueries.BatchListAsync"/>).
/// </summary>
public sealed record PublishedBatch(int Number, string Title, DateOnly PublishedOn, DateTime PublishedAtUtc, string PublishedBy, int CommunityCount,
    IReadOnlyList<BatchCommunity> Communities)
{
    public static PublishedBatch Of(PublicationBatch b, IReadOnlyList<BatchCommunity> communities)
    {
        var view = PublicationApi.ToView(b);
        return new(view.Number, view.Title, view.PublishedOn, view.PublishedAtUtc, view.PublishedBy, view.CommunityCount, communities);
    }
}

/// <summary>A resident's search: the communities found with their status, and whether there are more than those listed.</summary>
public sealed record CommunitySearch(IReadOnlyList<CommunityStatus> Communities, bool More);
