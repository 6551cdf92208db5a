using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DutyRosters;

/// <summary>The checkpoint duty roster (值守排班) through the API: a community uploads it; it and the levels above read its coverage.</summary>
public static class DutyRosterApi
{
    public static RouteGroupBuilder MapDutyRosterApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/communities/{code}/duty-roster").WithTags("Duty roster");

        g.MapPost("", async Task<Results<Ok<DutyRosterReport>, ProblemHttpResult>> (string code, HttpContext http, DutyRosterImporter importer, Data.WuyiDbContext db, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                Wuyi.Domain.Applications.Permissions.Require(actor, Permission.UploadDutyRoster);
                await DutyRosterQueries.RequireCommunityAsync(db, actor, code, ct); // 404 before the body is read
                if (!RequestFile.Carries(http.Request, Upload.BodyTypes)) return HotlineApi.UnsupportedType(); // as the 12345 import
                var (file, name) = await DutyRosterImporter.FromRequestAsync(http, ct);
                await using (file)
                    return Answer(await importer.ImportAsync(actor, code, file, name, ct));
            })
            // Described here, checked in the handler: routing's Accepts would send another type to the fallback's 404, not a 415.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = HotlineApi.FileBody();
                return Task.CompletedTask;
            })
            .RequireRoles(Permission.UploadDutyRoster)
            .WithSummary("Upload the community's checkpoint duty roster (.xlsx or .csv; a multipart file or the raw body). All or nothing: every bad row is listed; " +
                         "the roster of every date the file covers is replaced");

        g.MapGet("", async (string code, HttpContext http, DutyRosterQueries q, DateOnly? from, DateOnly? to, CancellationToken ct) =>
                TypedResults.Ok(await q.RosterAsync(http.User.RequireActor(), code, from, to, ct)))
            .RequireRoles(Permission.ReadDutyRoster)
            .WithSummary("24-hour coverage of the community's checkpoints per day over a period (default the last 30 days, Beijing time): every gap, the summary, the uploads");

        g.MapGet("/export", async (string code, HttpContext http, DutyRosterQueries q, DateOnly? from, DateOnly? to, string? format, CancellationToken ct) =>
                await DutyRosterExport.ShiftsDownloadAsync(q, http.User.RequireActor(), Exports.FormatOf(format), code, from, to, ct))
            .RequireRoles(Permission.ReadDutyRoster)
            .ProducesExport()
            .WithSummary("The roster's shifts in the period as a file (format=xlsx, the default, or csv), in the template's columns; on the audit trail");

        g.MapGet("/coverage/export", async (string code, HttpContext http, DutyRosterQueries q, DateOnly? from, DateOnly? to, string? format, CancellationToken ct) =>
                await DutyRosterExport.CoverageDownloadAsync(q, http.User.RequireActor(), Exports.FormatOf(format), code, from, to, ct))
            .RequireRoles(Permission.ReadDutyRoster)
            .ProducesExport()
            .WithSummary("Coverage per checkpoint per day as a file (format=xlsx, the default, or csv); on the audit trail");

        var list = api.MapGroup("/duty-roster").WithTags("Duty roster");
        list.MapGet("", (HttpContext http, DutyRosterQueries q, string? within, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct) =>
                q.SummariesAsync(http.User.RequireActor(), within, from, to, page ?? 1, pageSize ?? 50, ct))
            .RequireRoles(Permission.ReadDutyRoster)
            .WithSummary("The communities in the caller's subtree (narrowed by within), in code order, each with its roster's summary over the period: " +
                         "days covered in full, with a gap, without roster, the longest gap");
        list.MapGet("/export", (HttpContext http, DutyRosterQueries q, string? within, DateOnly? from, DateOnly? to, string? format) =>
                DutyRosterExport.SummariesDownload(q, http.User.RequireActor(), Exports.FormatOf(format), within, from, to))
            .RequireRoles(Permission.ReadDutyRoster)
            .ProducesExport()
            .WithSummary("The same list as a file (format=xlsx, the default, or csv); on the audit trail");

        return api;
    }

    /// <summary>A refused upload is a 400 problem that carries the whole report, so the caller can fix every row at once.</summary>
    private static Results<Ok<DutyRosterReport>, ProblemHttpResult> Answer(DutyRosterReport report) => report.Imported
        ? TypedResults.Ok(report)
        : Problems.RowsRefused("duty-roster-rows-invalid", report.Message, "report", report);
}
