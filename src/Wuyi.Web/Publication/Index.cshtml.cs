using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Publication;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Publication;

/// <summary>The city's desk: district approvals to file (市级备案), filed ones to publish as the next batch.</summary>
[AuthorizeFor(ApplicationAction.File, ApplicationAction.Publish)]
public sealed class IndexModel(ApplicationWorkflow workflow, ApplicationViews views, WuyiDbContext db) : StepPageModel
{
    [BindProperty] public List<Guid> Selected { get; set; } = [];
    [BindProperty] public string? Title { get; set; }

    public Paged<ApplicationSummary> Approved { get; private set; } = null!;
    public Paged<ApplicationSummary> Filed { get; private set; } = null!;
    public IReadOnlyList<PublicationBatch> Batches { get; private set; } = [];
    public int NextBatch => (Batches.Count == 0 ? 0 : Batches.Max(b => b.Number)) + 1;

    protected override string StaleNotice => ApplicationWorkflow.StaleNotice;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostFileAsync(CancellationToken ct) =>
        ConfirmedStepAsync(() => workflow.PreviewFileManyAsync(Actor, Selected, ct),
            done => workflow.FileManyAsync(Actor, Selected, null, ct, done), () => Redirect("/publication"));

    /// <summary>Files every district approval in scope at once (publication day has more than a page).</summary>
    public async Task<IActionResult> OnPostFileAllAsync(CancellationToken ct)
    {
        var all = await workflow.InScope(Actor).Where(a => a.State == ApplicationState.Approved).Select(a => a.Id).ToListAsync(ct);
        return await ConfirmedStepAsync(() => workflow.PreviewFileManyAsync(Actor, all, ct),
            done => workflow.FileManyAsync(Actor, all, null, ct, done), () => Redirect("/publication"));
    }

    /// <summary>Publishes every filed application as the next batch, once the city has seen which ones (issue 11).</summary>
    public Task<IActionResult> OnPostPublishAllAsync(CancellationToken ct) =>
        ConfirmedStepAsync(() => workflow.PreviewBatchAsync(Actor, null, Title, ct),
            done => workflow.PublishBatchAsync(Actor, null, Title, ct, done), () => Redirect("/publication"));

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (Selected.Count == 0) ModelState.AddModelError(string.Empty, "请勾选要公布的已备案申报");
        return ConfirmedStepAsync(() => workflow.PreviewBatchAsync(Actor, Selected, Title, ct),
            done => workflow.PublishBatchAsync(Actor, Selected, Title, ct, done), () => Redirect("/publication"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Approved = await views.ListAsync(Actor, ApplicationState.Approved, null, null, 1, ApplicationViews.MaxPageSize, ct);
        Filed = await views.ListAsync(Actor, ApplicationState.Filed, null, null, 1, ApplicationViews.MaxPageSize, ct);
        Batches = await db.PublicationBatches.AsNoTracking().OrderByDescending(b => b.Number).ToListAsync(ct);
    }
}
