using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Appeals;

/// <summary>Appeals (申诉复核) through the API: the community files, the right official decides; lists and reads scoped to the caller.</summary>
public static class AppealsApi
{
    /// <summary>What is appealed: <c>Subject</c> Complaint (key: the complaint's number), Score (the application's id) or Veto (the veto's id).</summary>
    public sealed record FileRequest(AppealSubject Subject, string? Key, string? Reasons);

    public sealed record DecideRequest(AppealDecision Decision, string? Reasons, int? Version);

    public static readonly TableExport<AppealView> Export = new TableExport<AppealView>("申诉复核", "申诉复核")
        .Place(a => a.Place)
        .Text("申诉对象", a => a.SubjectName, 14)
        .Text("被申诉的决定", a => a.SubjectLabel, 36)
        .Date("决定日期", a => a.DecidedOn)
        .Date("申诉期限", a => a.LastDay)
        .Text("申诉理由", a => a.Reasons, 36)
        .Time("申诉时间", a => a.FiledAtUtc)
        .Text("状态", a => a.StateName, 10)
        .Time("复核时间", a => a.DecidedAtUtc)
        .Text("复核人", a => a.DecidedByName, 12)
        .Text("复核意见", a => a.DecisionReasons, 36)
        .Text("决定书编号", a => a.NoticeNumber, 24);

    public static ExportDownload<AppealView> Download(AppealQueries q, Actor actor, ExportFormat format, string? community, AppealState? state,
        bool decidedOnly = false) =>
        Export.Download(format, $"申诉复核-{actor.DivisionCode}",
            () => Exports.Pages((n, ct) => q.ListAsync(actor, community, state, n, Applications.ApplicationViews.MaxPageSize, ct, decidedOnly)));

    public static RouteGroupBuilder MapAppealsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/appeals").WithTags("Appeals");
        g.MapGet("/", (HttpContext http, AppealQueries q, string? community, AppealState? state, int? page, int? pageSize, CancellationToken ct) =>
                q.ListAsync(http.User.RequireActor(), community, state, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("Appeals (申诉复核) in the caller's subtree (a community: its own), newest first");
        g.MapGet("/export", (HttpContext http, AppealQueries q, string? community, AppealState? state, string? format) =>
                Download(q, http.User.RequireActor(), Exports.FormatOf(format), community, state))
            .ProducesExport()
            .WithSummary("The appeals as a file (format=xlsx, the default, or csv), filtered as the list; on the audit trail");
        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, AppealQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.GetAsync(http.User.RequireActor(), id, ct)))
            .WithName("GetAppeal").WithSummary("One appeal, with its decision and the number of its 申诉复核决定书");
        g.MapPost("/", async Task<CreatedAtRoute<AppealView>> (FileRequest r, HttpContext http, AppealWorkflow w, AppealQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var appeal = await w.FileAsync(actor, r.Subject, r.Key, r.Reasons, ct);
                return TypedResults.CreatedAtRoute(await q.GetAsync(actor, appeal.Id, ct), "GetAppeal", new { id = appeal.Id });
            })
            .RequireRoles(Permission.FileAppeal)
            .WithSummary("The community appeals a counted complaint, the district's score or a veto, within the period, with reasons; nothing is suspended meanwhile");
        g.MapPost("/{id:guid}/evidence", async Task<Created<AppealView>> (Guid id, int? version, HttpContext http, AppealWorkflow w, AppealQueries q,
                EvidenceService evidence, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                await q.GetAsync(actor, id, ct); // 404 outside the subtree, before the body is read
                var (bytes, name) = await EvidenceApi.ReadFileAsync(http, evidence, ct);
                await w.AddEvidenceAsync(actor, id, version, [(bytes, name)], ct);
                return TypedResults.Created($"/api/v1/appeals/{id}", await q.GetAsync(actor, id, ct));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .RequireRoles(Permission.FileAppeal)
            .WithSummary($"The appealing community adds a file to its open appeal (JPEG, PNG, PDF, XLSX or CSV, checked by content; at most " +
                         $"{AppealTexts.MaxEvidenceFiles} per appeal); the appeal's version moves, so a decision taken on an older version is refused");
        g.MapPost("/{id:guid}/decide", async (Guid id, DecideRequest r, HttpContext http, AppealWorkflow w, AppealQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                await w.DecideAsync(actor, id, r.Version, r.Decision, r.Reasons, ct);
                return TypedResults.Ok(await q.GetAsync(actor, id, ct));
            })
            .RequireRoles(Permission.DecideAppeal)
            .WithSummary("Decide (Uphold or Dismiss, with reasons) by an official of the right level who took no part in the decision appealed");
        return g;
    }
}
