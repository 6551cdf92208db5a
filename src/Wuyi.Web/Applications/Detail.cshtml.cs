using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Applications;

/// <summary>One application for whoever may see it, with the steps the viewer's role can take now.</summary>
public sealed class DetailModel(ApplicationWorkflow workflow, ApplicationViews views, ScaleCatalog scales, WuyiDbContext db) : StepPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public ApplicationView Application { get; private set; } = null!;
    public ScaleVersion Scale { get; private set; } = null!;

    /// <summary>Whether the viewer's role may take this step now (the domain's transition table decides).</summary>
    public bool Can(ApplicationAction action) => ApplicationStates.ActionsFor(Actor.Role, Application.State).Contains(action);

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { ["reason"] = nameof(Comment) };

    protected override string StaleNotice => ApplicationWorkflow.StaleNotice;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    // Decisions confirm what they will do first (issue 11); the message afterwards says what they did.
    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewWithdrawAsync(Actor, Id, Version, Comment, ct), done => workflow.WithdrawAsync(Actor, Id, Version, Comment, ct, done));

    public Task<IActionResult> OnPostRecommendAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewRecommendAsync(Actor, Id, Version, Comment, ct), done => workflow.RecommendAsync(Actor, Id, Version, Comment, ct, done));

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewReturnAsync(Actor, Id, Version, Comment, ct), done => workflow.ReturnAsync(Actor, Id, Version, Comment, ct, done));

    public Task<IActionResult> OnPostFileAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewFileAsync(Actor, Id, Version, Comment, ct), done => workflow.FileAsync(Actor, Id, Version, Comment, ct, done));

    private Task<IActionResult> Decide(Func<Task<StepConsequences>> preview, Func<Action<StepConsequences>, Task> step) =>
        ConfirmedStepAsync(preview, step, () => Redirect($"/applications/{Id}"));

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Application = await views.GetAsync(Actor, Id, ct);
        Scale = await scales.GetAsync(db, Application.ScaleVersionId, ct);
        Version = Application.Version;
    }
}
