using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Evaluation;

/// <summary>The district's review and evaluation (复核、综合评定).</summary>
public static class EvaluationApi
{
    private const string IndicatorFindingsDescription =
        "评定意见 by indicator code (\"A1\": \"…\"), at most 1000 characters each; required (finding-required) for every indicator " +
        "scored below the self-assessment before approving or rejecting; blank ones are left out. Omitted (null): the saved ones stay; {} clears them.";

    public sealed record EvaluationRequest(Dictionary<string, decimal>? Scores, string? Findings, int? Version,
        [property: Description(IndicatorFindingsDescription)] Dictionary<string, string?>? IndicatorFindings = null);

    /// <summary>A decision, optionally with the district's final scores and findings; reject needs a reason in Comment.</summary>
    public sealed record DecisionRequest(Dictionary<string, decimal>? Scores, string? Findings, string? Comment, int? Version,
        [property: Description(IndicatorFindingsDescription)] Dictionary<string, string?>? IndicatorFindings = null);

    public sealed record PreviewRequest(Dictionary<string, decimal> Scores);

    public static RouteGroupBuilder MapEvaluationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/applications/{id:guid}").WithTags("Evaluation");

        g.MapPut("/evaluation", (Guid id, EvaluationRequest r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                ApplicationsApi.Step(http, v, ct, actor => w.SaveEvaluationAsync(actor, id, r.Version, r.Scores ?? [], r.Findings, r.IndicatorFindings, ct)))
            .RequireRoles(ApplicationAction.Approve, ApplicationAction.Reject)
            .WithSummary("Save the district's own scores, on-site findings and findings by indicator (评定意见)");

        g.MapPost("/approve", (Guid id, DecisionRequest r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                ApplicationsApi.Step(http, v, ct, actor => w.ApproveAsync(actor, id, r.Version, r.Scores, r.Findings, r.IndicatorFindings, r.Comment, ct)))
            .RequireRoles(ApplicationAction.Approve, ApplicationAction.Reject)
            .WithSummary("Approve: refused unless the engine passes the district's scores and every indicator scored below the self-assessment has its finding")
            .WithDescription("400 finding-required (errors under indicatorFindings.{code}) while an indicator scored below the self-assessment has no 评定意见.");

        g.MapPost("/reject", (Guid id, DecisionRequest r, HttpContext http, ApplicationWorkflow w, ApplicationViews v, CancellationToken ct) =>
                ApplicationsApi.Step(http, v, ct, actor => w.RejectAsync(actor, id, r.Version, r.Scores, r.Findings, r.IndicatorFindings, r.Comment, ct)))
            .RequireRoles(ApplicationAction.Approve, ApplicationAction.Reject)
            .WithSummary("Reject with a reason; every indicator scored below the self-assessment needs its finding")
            .WithDescription("400 finding-required (errors under indicatorFindings.{code}) while an indicator scored below the self-assessment has no 评定意见.");

        // The engine on any scores for this application, without saving: the live preview of the forms.
        g.MapPost("/preview", async Task<Ok<Explanation>> (Guid id, PreviewRequest r, HttpContext http, ApplicationWorkflow w, CancellationToken ct) =>
            {
                http.AuditPreview();
                var a = await w.LoadInScopeAsync(http.User.RequireActor(), id, ct);
                return TypedResults.Ok(await w.ExplainAsync(a, r.Scores ?? [], ct));
            })
            .WithSummary("What the engine would say on these scores now (nothing is saved)");

        return api;
    }
}
