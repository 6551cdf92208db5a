using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Publication;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Publication;

/// <summary>Municipal filing (市级备案) and publication in numbered batches (公布).</summary>
public static class PublicationApi
{
    public sealed record FileManyRequest(List<Guid> ApplicationIds, string? Comment);

    public sealed record PublishRequest(List<Guid>? ApplicationIds, string? Title);

    public sealed record BatchView(int Number, string Title, DateOnly PublishedOn, DateTime PublishedAtUtc, string PublishedBy, int CommunityCount);

    public static RouteGroupBuilder MapPublicationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/applications/{id:guid}/file", (Guid id, ApplicationsApi.StepRequest? r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                ApplicationsApi.Step(http, v, ct, actor => w.FileAsync(actor, id, r?.Version, r?.Comment, ct)))
            .RequireRoles(ApplicationAction.File)
            .WithTags("Publication")
            .WithSummary("File (备案) one district approval");

        var g = api.MapGroup("/").WithTags("Publication");

        g.MapPost("/filings", async Task<Ok<IReadOnlyList<ApplicationSummary>>> (FileManyRequest r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var filed = await w.FileManyAsync(actor, r.ApplicationIds ?? [], r.Comment, ct);
                var ids = filed.Select(a => a.Id).ToHashSet();
                var page = await v.ListAsync(actor, ApplicationState.Filed, null, null, 1, ApplicationViews.MaxPageSize, ct);
                return TypedResults.Ok<IReadOnlyList<ApplicationSummary>>(page.Items.Where(i => ids.Contains(i.Id)).ToList());
            })
            .RequireRoles(ApplicationAction.File)
            .WithSummary("File several approvals at once, all or none");

        g.MapPost("/batches", async Task<Created<BatchView>> (PublishRequest r, HttpContext http, ApplicationWorkflow w, CancellationToken ct) =>
            {
                var batch = await w.PublishBatchAsync(http.User.RequireActor(), r.ApplicationIds, r.Title, ct);
                return TypedResults.Created($"/api/v1/batches/{batch.Number}", ToView(batch));
            })
            .RequireRoles(ApplicationAction.Publish)
            .WithSummary("Publish the next numbered batch: the given filed applications, or every filed one");

        return api;
    }

    internal static BatchView ToView(PublicationBatch b) => new(b.Number, b.Title, b.PublishedOn, b.PublishedAtUtc, b.PublishedByName, b.CommunityCount);
}
