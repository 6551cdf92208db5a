using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement;

/// <summary>Dynamic management through the API: vetoes, rectification, re-evaluation, pass-mark changes, a community's story.</summary>
public static class DynamicApi
{
    public sealed record VetoRequest(string? CommunityCode, VetoKind Kind, DateTimeOffset? OccurredAt, string? Source, string? Description,
        string? DocumentReference, bool? ManagementLapse, DateOnly? RectificationDeadline);

    public sealed record ReasonRequest(string? Reason);

    public sealed record ReportRequest(string? Report, string? Evidence, int? Version);

    public sealed record ReviewRequest(string? Comment, DateOnly? Deadline, int? Version);

    public sealed record DecisionRequest(ReEvaluationDecision Decision, string? Comment, DateOnly? RectificationDeadline, int? Version);

    public sealed record PassMarkRequest(string? ScaleVersionId, decimal Value, DateOnly EffectiveFrom, string? Reason);

    public sealed record PassMarkView(Guid Id, string ScaleVersionId, DateOnly EffectiveFrom, decimal Value, string SetByName, DateTime SetAtUtc, string? Reason);

    public sealed record PassMarkResult(PassMarkView Change, int ReEvaluationsQueued);

    public sealed record ScaleResult(Scales.ScaleVersionView Scale, int ReEvaluationsQueued);

    public static RouteGroupBuilder MapDynamicApi(this RouteGroupBuilder api)
    {
        var vetoes = api.MapGroup("/vetoes").WithTags("Dynamic management");
        vetoes.MapGet("/", (HttpContext http, DynamicQueries q, string? community, bool? live, int? page, int? pageSize, CancellationToken ct) =>
                q.VetoesAsync(http.User.RequireActor(), community, live, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("Veto events (一票否决事项) in the caller's subtree, newest first");
        vetoes.MapGet("/export", (HttpContext http, DynamicQueries q, string? community, bool? live, string? format) =>
                DynamicExport.VetoesDownload(q, http.User.RequireActor(), Exports.FormatOf(format), community, live))
            .ProducesExport()
            .WithSummary("The veto events as a file (format=xlsx, the default, or csv), filtered as the list; on the audit trail");
        vetoes.MapGet("/{id:guid}", async (Guid id, HttpContext http, DynamicQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.VetoAsync(http.User.RequireActor(), id, ct)))
            .WithName("GetVeto").WithSummary("One veto event");
        vetoes.MapPost("/", async Task<CreatedAtRoute<VetoView>> (VetoRequest r, HttpContext http, DynamicWorkflow w, DynamicQueries q, TimeProvider time, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var veto = await w.RecordVetoAsync(actor, new VetoReport(r.CommunityCode ?? "", r.Kind, r.OccurredAt ?? time.GetUtcNow(), r.Source,
                    r.Description, r.DocumentReference, r.ManagementLapse ?? r.Kind != VetoKind.CaseWithManagementLapse, r.RectificationDeadline), ct);
                return TypedResults.CreatedAtRoute(await q.VetoAsync(actor, veto.Id, ct), "GetVeto", new { id = veto.Id });
            })
            .RequireRoles(Permission.RecordVeto)
            .WithSummary("Record a veto event: a standing title is revoked at once, an open application suspended, rectification ordered");
        vetoes.MapPost("/{id:guid}/annul", async (Guid id, ReasonRequest r, HttpContext http, DynamicWorkflow w, DynamicQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                await w.AnnulVetoAsync(actor, id, r.Reason, ct);
                return TypedResults.Ok(await q.VetoAsync(actor, id, ct));
            })
            .RequireRoles(Permission.AnnulVeto)
            .WithSummary("Annul a veto recorded by mistake (city): what it caused is reopened as a re-evaluation, not undone");

        var tasks = api.MapGroup("/rectifications").WithTags("Dynamic management");
        tasks.MapGet("/", (HttpContext http, DynamicQueries q, string? community, RectificationState? state, bool? overdue, int? page, int? pageSize, CancellationToken ct) =>
                q.RectificationsAsync(http.User.RequireActor(), community, state, overdue ?? false, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("Rectification tasks (整改任务) in the caller's subtree");
        tasks.MapGet("/export", (HttpContext http, DynamicQueries q, string? community, RectificationState? state, bool? overdue, string? format) =>
                DynamicExport.RectificationsDownload(q, http.User.RequireActor(), Exports.FormatOf(format), community, state, overdue ?? false))
            .ProducesExport()
            .WithSummary("The rectification tasks as a file (format=xlsx, the default, or csv), filtered as the list; on the audit trail");
        tasks.MapGet("/{id:guid}", async (Guid id, HttpContext http, DynamicQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.RectificationAsync(http.User.RequireActor(), id, ct)))
            .WithSummary("One rectification task");
        tasks.MapPost("/{id:guid}/report", (Guid id, ReportRequest r, HttpContext http, DynamicWorkflow w, DynamicQueries q, CancellationToken ct) =>
                TaskStep(http, q, id, ct, actor => w.ReportRectificationAsync(actor, id, r.Version, r.Report, r.Evidence, ct)))
            .RequireRoles(Permission.ReportRectification)
            .WithSummary("The community reports what it fixed");
        tasks.MapPost("/{id:guid}/accept", (Guid id, ReviewRequest r, HttpContext http, DynamicWorkflow w, DynamicQueries q, CancellationToken ct) =>
                TaskStep(http, q, id, ct, actor => w.AcceptRectificationAsync(actor, id, r.Version, r.Comment, ct)))
            .RequireRoles(Permission.AcceptRectification)
            .WithSummary("Accept the rectification: the vetoes behind it are cleared and the community may apply again");
        tasks.MapPost("/{id:guid}/return", (Guid id, ReviewRequest r, HttpContext http, DynamicWorkflow w, DynamicQueries q, CancellationToken ct) =>
                TaskStep(http, q, id, ct, actor => w.SendBackRectificationAsync(actor, id, r.Version, r.Comment, r.Deadline, ct)))
            .RequireRoles(Permission.ReturnRectification)
            .WithSummary("Send the rectification back with a reason (and optionally a new deadline)");

        var items = api.MapGroup("/re-evaluations").WithTags("Dynamic management");
        items.MapGet("/", (HttpContext http, DynamicQueries q, string? community, bool? open, int? page, int? pageSize, CancellationToken ct) =>
                q.ReEvaluationsAsync(http.User.RequireActor(), community, open ?? true, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("The re-evaluation queue (重新评定): certified communities a deduction or rule change would fail, annulled vetoes to decide");
        items.MapGet("/export", (HttpContext http, DynamicQueries q, string? community, bool? open, string? format) =>
                DynamicExport.ReEvaluationsDownload(q, http.User.RequireActor(), Exports.FormatOf(format), community, open ?? true))
            .ProducesExport()
            .WithSummary("The re-evaluation items as a file (format=xlsx, the default, or csv), filtered as the list; on the audit trail");
        items.MapGet("/{id:guid}", async (Guid id, HttpContext http, DynamicQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.ReEvaluationAsync(http.User.RequireActor(), id, ct)))
            .WithSummary("One re-evaluation with the engine's explanation");
        items.MapPost("/{id:guid}/decide", async (Guid id, DecisionRequest r, HttpContext http, DynamicWorkflow w, DynamicQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                await w.DecideAsync(actor, id, r.Version, r.Decision, r.Comment, r.RectificationDeadline, ct);
                return TypedResults.Ok(await q.ReEvaluationAsync(actor, id, ct));
            })
            .RequireRoles(Permission.ReEvaluate)
            .WithSummary("Decide: Keep, Revoke (and rectify) or, after an annulled veto, Restore");

        var marks = api.MapGroup("/pass-marks").WithTags("Rules");
        marks.MapGet("/", async (WuyiDbContext db, CancellationToken ct) =>
                (await db.PassMarkChanges.AsNoTracking().OrderBy(p => p.ScaleVersionId).ThenBy(p => p.EffectiveFrom).ToListAsync(ct)).Select(ToView).ToList())
            .WithSummary("Pass-mark changes on record, by scale version and date");
        marks.MapPost("/", async (PassMarkRequest r, HttpContext http, Scales.ScalePublishing p, CancellationToken ct) =>
            {
                var (change, queued) = await p.ChangePassMarkAsync(http.User.RequireActor(), r.ScaleVersionId, r.Value, r.EffectiveFrom, r.Reason, ct);
                return TypedResults.Ok(new PassMarkResult(ToView(change), queued));
            })
            .RequireRoles(Permission.ChangePassMark)
            .WithSummary("Publish a new pass mark from a date (city); the standing titles it would fail are queued for re-evaluation");

        var scaleGroup = api.MapGroup("/scales").WithTags("Rules");
        scaleGroup.MapGet("/", (WuyiDbContext db, CancellationToken ct) => Scales.ScaleCatalog.VersionsAsync(db, ct))
            .WithSummary("Scale versions on record, oldest first");
        scaleGroup.MapPost("/", async (HttpRequest request, HttpContext http, Scales.ScalePublishing p, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body);
                var (record, queued) = await p.PublishScaleAsync(http.User.RequireActor(), await reader.ReadToEndAsync(ct), ct);
                return TypedResults.Ok(new ScaleResult(new Scales.ScaleVersionView(record.Id, record.Name, record.EffectiveFrom, record.LoadedAtUtc), queued));
            })
            .Accepts<object>("application/json")
            .RequireRoles(Permission.PublishScale)
            .WithSummary("Publish a new scale version (the scale file as the body) from its effective date; standing titles it would fail are queued");

        api.MapGet("/communities/{code}/story", async (string code, HttpContext http, DynamicQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.StoryAsync(http.User.RequireActor(), code, publicOnly: false, ct)))
            .WithTags("Dynamic management")
            .WithSummary("A community's whole story in order: application steps, vetoes, revocations, rectification, re-evaluations");

        return api;
    }

    private static async Task<Ok<RectificationView>> TaskStep(HttpContext http, DynamicQueries q, Guid id, CancellationToken ct, Func<Actor, Task<RectificationTask>> step)
    {
        var actor = http.User.RequireActor();
        await step(actor);
        return TypedResults.Ok(await q.RectificationAsync(actor, id, ct));
    }

    private static PassMarkView ToView(Scales.PassMarkChange p) => new(p.Id, p.ScaleVersionId, p.EffectiveFrom, p.Value, p.SetByName, p.SetAtUtc, p.Reason);
}
