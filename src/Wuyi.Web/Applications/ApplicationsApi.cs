using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Applications;

/// <summary>The community's and the street's steps, and reading applications in scope.</summary>
public static class ApplicationsApi
{
    /// <param name="StartFrom">以上次申报为起点: the community's earlier, closed application whose self-assessment the draft takes.</param>
    public sealed record CreateRequest(string? CommunityCode, Dictionary<string, decimal>? Scores, string? Note, Guid? StartFrom = null);

    public sealed record SelfAssessmentRequest(Dictionary<string, decimal> Scores, string? Note, int? Version);

    /// <summary>A step with an optional comment (a reason where one is required), made on the version the caller saw.</summary>
    public sealed record StepRequest(int? Version, string? Comment);

    public static RouteGroupBuilder MapApplicationsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/applications").WithTags("Applications");

        g.MapGet("/", (HttpContext http, ApplicationViews views, ApplicationState? state, string? within, string? q, int? page, int? pageSize, CancellationToken ct) =>
                views.ListAsync(http.User.RequireActor(), state, within, q, page ?? 1, pageSize ?? 50, ct))
            .WithSummary("Applications in the caller's subtree, filtered by state, division and name");

        g.MapGet("/export", (HttpContext http, ApplicationViews views, ApplicationState? state, string? within, string? q, string? format) =>
                ApplicationExport.Download(views, http.User.RequireActor(), Exports.FormatOf(format), state, within, q))
            .ProducesExport()
            .WithSummary("The filtered list as a file: format=xlsx (default) or csv (UTF-8 with BOM); streamed; the export is on the audit trail");

        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, ApplicationViews views, CancellationToken ct) =>
                TypedResults.Ok(await views.GetAsync(http.User.RequireActor(), id, ct)))
            .WithName("GetApplication")
            .WithSummary("One application with its history and the engine's explanations");

        g.MapPost("/", async Task<CreatedAtRoute<ApplicationView>> (CreateRequest request, HttpContext http, ApplicationWorkflow workflow, ApplicationViews views, CancellationToken ct) =>
            {
                var actor = http.User.RequireActor();
                var a = await workflow.StartAsync(actor, request.CommunityCode, request.Scores, request.Note, request.StartFrom, ct);
                return TypedResults.CreatedAtRoute(await views.GetAsync(actor, a.Id, ct), "GetApplication", new { id = a.Id });
            })
            .RequireRoles(ApplicationAction.Create)
            .WithSummary("Start an application (draft) for the caller's community, optionally with self-assessment scores");

        g.MapPut("/{id:guid}/self-assessment", (Guid id, SelfAssessmentRequest r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                Step(http, v, ct, actor => w.SaveSelfAssessmentAsync(actor, id, r.Version, r.Scores ?? [], r.Note, ct)))
            .RequireRoles(ApplicationAction.Submit)
            .WithSummary("Save the self-assessment (自评) of a draft or returned application");

        g.MapPost("/{id:guid}/submit", (Guid id, StepRequest? r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                Step(http, v, ct, actor => w.SubmitAsync(actor, id, r?.Version, ct)))
            .RequireRoles(ApplicationAction.Submit)
            .WithSummary("Submit (自愿申报): the self-assessment must be complete");

        g.MapPost("/{id:guid}/withdraw", (Guid id, StepRequest? r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                Step(http, v, ct, actor => w.WithdrawAsync(actor, id, r?.Version, r?.Comment, ct)))
            .RequireRoles(ApplicationAction.Withdraw)
            .WithSummary("Withdraw before review");

        g.MapPost("/{id:guid}/recommend", (Guid id, StepRequest? r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                Step(http, v, ct, actor => w.RecommendAsync(actor, id, r?.Version, r?.Comment, ct)))
            .RequireRoles(ApplicationAction.Recommend)
            .WithSummary("Recommend (择优推荐) to the district");

        g.MapPost("/{id:guid}/return", (Guid id, StepRequest r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                Step(http, v, ct, actor => w.ReturnAsync(actor, id, r.Version, r.Comment, ct)))
            .RequireRoles(ApplicationAction.ReturnByStreet, ApplicationAction.ReturnByDistrict)
            .WithSummary("Return to the community with a reason (street before recommending, district before deciding)");

        return api;
    }

    internal static async Task<Ok<ApplicationView>> Step(HttpContext http, ApplicationViews views, CancellationToken ct, Func<Actor, Task<Application>> step)
    {
        var actor = http.User.RequireActor();
        var application = await step(actor);
        return TypedResults.Ok(await views.GetAsync(actor, application.Id, ct));
    }

}
