using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Inspections;

/// <summary>督导检查 through the API: the risk-ranked list, planning, the inspector's form, photos and the decision, scoped to the caller's subtree.</summary>
public static class InspectionsApi
{
    public sealed record PlanRequest(List<string>? CommunityCodes, string? InspectorUserId, DateOnly? PlannedOn);

    public sealed record CheckpointBody(string? Name, bool Staffed, bool DutyKept, string? Remark);

    public sealed record IndicatorBody(string? Code, bool Met, string? Note);

    public sealed record FillRequest(int? Version, DateTimeOffset? InspectedAt, string? Place, decimal? Latitude, decimal? Longitude,
        List<CheckpointBody>? Checkpoints, List<IndicatorBody>? Indicators, string? Summary)
    {
        public InspectionReport ToReport() => new(InspectedAt, Place, Latitude, Longitude,
            (Checkpoints ?? []).Select(c => new CheckpointCheck(c.Name ?? "", c.Staffed, c.DutyKept, c.Remark)).ToList(),
            (Indicators ?? []).Select(i => new IndicatorCheck(i.Code ?? "", i.Met, i.Note)).ToList(), Summary);
    }

    public sealed record DecideRequest(InspectionOutcome Outcome, string? Comment, DateOnly? RectificationDeadline, string? DocumentReference, int? Version);

    public static RouteGroupBuilder MapInspectionsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/inspections").WithTags("Inspections");
        g.MapGet("/risk", (HttpContext http, InspectionQueries q, string? community, CancellationToken ct) =>
                q.RiskListAsync(http.User.RequireActor(), community, ct))
            .RequireRoles(Permission.PlanInspection)
            .WithSummary("The certified and applying communities of the caller's subtree ranked by inspection risk, each with its reasons; ties by division code");
        g.MapGet("/risk/export", (HttpContext http, InspectionQueries q, string? community, string? format) =>
                InspectionExport.RiskDownload(q, http.User.RequireActor(), Exports.FormatOf(format), community))
            .RequireRoles(Permission.PlanInspection)
            .ProducesExport()
            .WithSummary("The risk-ranked list as a file (format=xlsx, the default, or csv); on the audit trail");
        g.MapGet("/inspectors", async (HttpContext http, InspectionQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.InspectorsAsync(http.User.RequireActor(), ct)))
            .RequireRoles(Permission.PlanInspection)
            .WithSummary("The officials an inspection in the caller's subtree may be assigned to");
        g.MapGet("/", (HttpContext http, InspectionQueries q, string? community, InspectionState? state, bool? mine, int? page, int? pageSize, CancellationToken ct) =>
                q.InspectionsAsync(http.User.RequireActor(), community, state, mine ?? false, page ?? 1, pageSize ?? 50, ct))
            .RequireRoles(Permission.ConductInspection)
            .WithSummary("Inspections (督导检查) in the caller's subtree, latest planned first; mine=true those assigned to the caller");
        g.MapGet("/export", (HttpContext http, InspectionQueries q, string? community, InspectionState? state, bool? mine, string? format) =>
                InspectionExport.InspectionsDownload(q, http.User.RequireActor(), Exports.FormatOf(format), community, state, mine ?? false))
            .RequireRoles(Permission.ConductInspection)
            .ProducesExport()
            .WithSummary("The inspections as a file (format=xlsx, the default, or csv), filtered as the list; on the audit trail");
        g.MapPost("/", async Task<Created<List<InspectionView>>> (PlanRequest r, HttpContext http, InspectionWorkflow w, InspectionQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var planned = await w.PlanAsync(actor, r.CommunityCodes ?? [], r.InspectorUserId, r.PlannedOn, ct);
                var views = new List<InspectionView>();
                foreach (var i in planned) views.Add(await q.InspectionAsync(actor, i.Id, ct));
                return TypedResults.Created("/api/v1/inspections", views);
            })
            .RequireRoles(Permission.PlanInspection)
            .WithSummary("Plan spot checks of communities of the caller's subtree on a day, assigned to an inspector (all or none)");
        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, InspectionQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.InspectionAsync(http.User.RequireActor(), id, ct)))
            .RequireRoles(Permission.ConductInspection)
            .WithSummary("One inspection with its findings and photos");
        g.MapPut("/{id:guid}", (Guid id, FillRequest r, HttpContext http, InspectionWorkflow w, InspectionQueries q, CancellationToken ct) =>
                Save(http, w, q, id, r, submit: false, ct))
            .RequireRoles(Permission.ConductInspection)
            .WithSummary("The assigned inspector saves the findings as a draft (refused once submitted)");
        g.MapPost("/{id:guid}/submit", (Guid id, FillRequest r, HttpContext http, InspectionWorkflow w, InspectionQueries q, CancellationToken ct) =>
                Save(http, w, q, id, r, submit: true, ct))
            .RequireRoles(Permission.ConductInspection)
            .WithSummary("The assigned inspector submits the findings: time, place and at least one checkpoint or point of the scale; never edited after");
        g.MapPost("/{id:guid}/photos", async (Guid id, HttpContext http, InspectionWorkflow w, InspectionQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var current = await q.InspectionAsync(actor, id, ct); // 404 outside the subtree, before the body is read
                var (bytes, name) = await RequestFile.ReadAsync(http, w.MaxPhotoBytes + (1 << 20),
                    async (body, fileName) => (await ReadAsync(body, w.MaxPhotoBytes, ct), fileName),
                    () => EvidenceService.TooLarge(w.MaxPhotoBytes), () => EvidenceContent.Invalid("表单中没有文件"),
                    notAForm: () => EvidenceContent.Invalid("请以表单（multipart/form-data）上传文件"));
                var report = new InspectionReport(current.InspectedAtUtc is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null, current.Address,
                    current.Latitude, current.Longitude, current.Checkpoints, current.Indicators, current.Summary);
                await w.SaveAsync(actor, id, null, report, [(bytes, name)], submit: false, ct);
                return TypedResults.Created($"/api/v1/inspections/{id}", await q.InspectionAsync(actor, id, ct));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .RequireRoles(Permission.ConductInspection)
            .WithSummary("The assigned inspector adds a photo (JPEG or PNG, checked by content like evidence, metadata removed) while the inspection is open");
        g.MapPost("/{id:guid}/decide", async (Guid id, DecideRequest r, HttpContext http, InspectionWorkflow w, InspectionQueries q, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                await w.DecideAsync(actor, id, r.Version, r.Outcome, r.Comment, r.RectificationDeadline, r.DocumentReference, ct);
                return TypedResults.Ok(await q.InspectionAsync(actor, id, ct));
            })
            .RequireRoles(Permission.DecideInspection)
            .WithSummary("Decide a submitted inspection: NoProblem; Rectification of its failed items; or InspectionNotice (city only): " +
                         "a 市级检查通报 recorded as the one-vote veto with the inspection as its source, revoking a standing title at once");

        api.MapGet("/inspection-photos/{id:guid}", async (Guid id, bool? thumbnail, HttpContext http, InspectionQueries q, EvidenceStore store,
                EvidenceThumbnails thumbnails, CancellationToken ct) =>
            {
                var photo = await q.PhotoAsync(http.User.RequireActor(), id, ct);
                return await EvidenceApi.ServeAsync(http, photo, store.Open(photo.StoredName), inline: true, thumbnail == true, thumbnails, ct);
            })
            .WithTags("Inspections")
            .RequireRoles(Permission.ConductInspection)
            .WithSummary($"An inspection photo (to accounts whose scope covers the community); thumbnail=true a JPEG of at most {EvidenceThumbnails.MaxSide} pixels a side");
        return api;
    }

    private static async Task<IResult> Save(HttpContext http, InspectionWorkflow w, InspectionQueries q, Guid id, FillRequest r, bool submit, CancellationToken ct)
    {
        var actor = http.User.RequireActor();
        await w.SaveAsync(actor, id, r.Version, r.ToReport(), [], submit, ct);
        return TypedResults.Ok(await q.InspectionAsync(actor, id, ct));
    }

    private static async Task<byte[]> ReadAsync(Stream source, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw EvidenceService.TooLarge(max);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
