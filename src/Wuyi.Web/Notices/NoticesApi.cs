using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Web.Accounts;

namespace Wuyi.Web.Notices;

/// <summary>Notices to a community (通知书) through the API: one by its number, and a community's list. Read only: a notice is issued by its step.</summary>
public static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notices/{number}", async Task<Results<Ok<NoticeView>, ProblemHttpResult>> (string number, HttpContext http, NoticeQueries q, CancellationToken ct) =>
                await q.FindAsync(http.User.RequireActor(), number.Trim(), ct) is { } notice
                    ? TypedResults.Ok(notice)
                    : NotFound(number))
            .WithTags("Notices")
            .WithName("GetNotice")
            .WithSummary("One notice (通知书) by its number, e.g. 京无疫撤〔2022〕0108-0001 (URL-encoded), as issued: kind, community, date, deadline, and its text "
                         + "(title, number, addressee, paragraphs, numbered items, issuer, date) — for the community itself and the officials over it; 404 notice-not-found otherwise");
        api.MapGet("/notices/{number}/pdf", async Task<Results<Documents.PdfDownload, ProblemHttpResult>> (string number, HttpContext http, NoticeQueries q, CancellationToken ct) =>
                await q.FindAsync(http.User.RequireActor(), number.Trim(), ct) is { } notice
                    ? NoticePdf.Download(notice.Text)
                    : NotFound(number))
            .WithTags("Notices")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The same notice as print-ready A4 PDF (its frozen text, the issuer, the date and the place for the seal); 404 notice-not-found as above");
        api.MapGet("/communities/{code}/notices", async (string code, HttpContext http, NoticeQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.ForCommunityAsync(http.User.RequireActor(), code, ct)))
            .WithTags("Notices")
            .WithSummary("A community's notices (取消认定通知书, 整改通知书, 整改验收合格通知书, 整改退回通知书), newest first; 404 outside the caller's subtree");
        return api;
    }

    private static ProblemHttpResult NotFound(string number) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "找不到该通知书", detail: $"通知书编号“{number}”不存在，或不在您的管辖范围内",
            extensions: new Dictionary<string, object?> { ["code"] = "notice-not-found" });
}
