using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Audit;

/// <summary>The trail for the audit administrator only: search, CSV export (itself on record) and the chain check.</summary>
public static class AuditApi
{
    /// <summary>A stored record as it is (the hash covers these fields), plus how the page names it: operation, person, role, unit, object.</summary>
    public sealed record AuditView(long Sequence, DateTime AtUtc, string? ActorUserId, string? ActorName, string? Role, string? Unit,
        string? ClientIp, string? UserAgent, string Action, string? ObjectType, string? ObjectId, string Outcome, int? Status,
        string? ProblemCode, string? Changes, string PreviousHash, string Hash,
        string OperationName, string? ActorDisplayName, string? RoleName, string? UnitName, string? ObjectName, string? ObjectHref)
    {
        public static AuditView Of(AuditRow row)
        {
            var r = row.Record;
            return new(r.Sequence, r.AtUtc, r.ActorUserId, r.ActorName, r.Role, r.Unit, r.ClientIp, r.UserAgent,
                r.Action, r.ObjectType, r.ObjectId, r.Outcome, r.Status, r.ProblemCode, r.Changes, r.PreviousHash, r.Hash,
                row.Operation, row.Actor, row.Role, row.Unit, row.Object is { } o ? $"{o.Kind} {o.Label}" : null, row.Object?.Href);
        }
    }

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(AuditSetup.Policy);

        g.MapGet("", async (WuyiDbContext db, DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, string? @object, string? outcome,
            int? page, int? pageSize, CancellationToken ct) =>
        {
            var found = await AuditQueries.SearchAsync(db, new AuditFilter(from?.UtcDateTime, to?.UtcDateTime, actor, action, @object, outcome), page ?? 1, pageSize ?? 50, ct);
            var rows = await AuditRows.DescribeAsync(db, found.Items, ct);
            return TypedResults.Ok(new Paged<AuditView>([.. rows.Select(AuditView.Of)], found.PageNumber, found.PageSize, found.Total));
        })
        .WithSummary("Search the audit trail (newest first): time range, actor (id or name), action (an operation key of the page's list, or text of the raw action), object (type or id), outcome");

        g.MapGet("/export", (WuyiDbContext db, DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, string? @object, string? outcome,
            string? format, TimeProvider time) =>
                AuditQueries.Download(db, new AuditFilter(from?.UtcDateTime, to?.UtcDateTime, actor, action, @object, outcome), Exports.FormatOf(format),
                    $"审计记录-{AuditQueries.Beijing(time.GetUtcNow().UtcDateTime)[..10]}"))
        .ProducesExport()
        .WithSummary("Export the matching audit records as a file (format=xlsx, the default, or csv), streamed (the export is itself recorded)");

        g.MapGet("/verify", async Task<Ok<AuditVerification>> (WuyiDbContext db, AuditAnchors anchors, CancellationToken ct) =>
            TypedResults.Ok(await AuditTrail.VerifyAsync(db, anchors, ct)))
        .WithSummary("Verify the hash chain from its first remaining record, and against the head anchors kept outside the database; reports the first problem");

        return api;
    }
}
