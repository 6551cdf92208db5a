using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Inspections;

/// <summary>
/// One inspection: its plan, its findings and photos; the assigned inspector goes on to the form; once submitted the district
/// or the city decides — nothing, a rectification, or (the city) a 市级检查通报, confirmed with its consequences first.
/// </summary>
[AuthorizeFor(Permission.ConductInspection)]
public sealed class DetailModel(InspectionQueries queries, InspectionWorkflow workflow, TimeProvider time) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public InspectionOutcome? Outcome { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public DateOnly? RectificationDeadline { get; set; }
    [BindProperty] public string? DocumentReference { get; set; }

    public InspectionView Item { get; private set; } = null!;
    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());

    public bool IsInspector => Item.InspectorUserId == Actor.UserId && Item.State is InspectionState.Planned or InspectionState.InProgress;
    public bool CanDecide => Actor.Role.Allows(Permission.DecideInspection) && Item.State == InspectionState.Submitted;
    public bool CanIssueNotice => Actor.Role.Allows(Permission.IssueInspectionNotice);

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["outcome"] = nameof(Outcome),
        ["comment"] = nameof(Comment),
        ["deadline"] = nameof(RectificationDeadline),
        ["documentReference"] = nameof(DocumentReference),
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true); // 404 outside the subtree, before anything else
        if (Outcome is null) ModelState.AddModelError(nameof(Outcome), "请选择处理结果");
        var outcome = Outcome ?? 0;
        return await ConfirmedStepAsync(
            () => workflow.PreviewDecisionAsync(Actor, Id, Version, outcome, Comment, RectificationDeadline, DocumentReference, ct),
            done => workflow.DecideAsync(Actor, Id, Version, outcome, Comment, RectificationDeadline, DocumentReference, ct, done),
            () => Redirect($"/inspections/{Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct, bool keepVersion = false)
    {
        Item = await queries.InspectionAsync(Actor, Id, ct);
        if (!keepVersion)
        {
            Version = Item.Version;
            ModelState.Remove(nameof(Version));
        }
    }
}
