using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.ReEvaluations;

/// <summary>
/// One re-evaluation: why it was opened, the engine's explanation, the district's findings on the application behind it,
/// and the decisions the item allows.
/// </summary>
[AuthorizeFor(Permission.ReEvaluate)]
public sealed class DetailModel(DynamicWorkflow workflow, DynamicQueries queries, ApplicationViews applications, TimeProvider time) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public ReEvaluationDecision? Decision { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public DateOnly? RectificationDeadline { get; set; }

    public ReEvaluationView Item { get; private set; } = null!;

    /// <summary>The application the title was granted on (or that a veto suspended), with the district's scores and findings.</summary>
    public ApplicationView? Application { get; private set; }

    public bool ApplicationCertified { get; private set; }
    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["comment"] = nameof(Comment),
        ["deadline"] = nameof(RectificationDeadline),
        ["decision"] = nameof(Decision),
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        Item = await queries.ReEvaluationAsync(Actor, Id, ct); // 404 outside the subtree, before anything else
        if (Decision is null) ModelState.AddModelError(nameof(Decision), "请选择结论");
        var decision = Decision.GetValueOrDefault();
        return await ConfirmedStepAsync(() => workflow.PreviewDecisionAsync(Actor, Id, Version, decision, Comment, RectificationDeadline, ct),
            done => workflow.DecideAsync(Actor, Id, Version, decision, Comment, RectificationDeadline, ct, done),
            () => Redirect($"/re-evaluations/{Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Item = await queries.ReEvaluationAsync(Actor, Id, ct);
        Version = Item.Version;
        ModelState.Remove(nameof(Version));
        if (await queries.ApplicationBehindAsync(Id, ct) is { } behind)
            (Application, ApplicationCertified) = (await applications.GetAsync(Actor, behind.Id, ct), behind.Certified);
    }
}
