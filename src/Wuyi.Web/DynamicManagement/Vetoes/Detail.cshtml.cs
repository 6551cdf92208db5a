using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Vetoes;

/// <summary>One veto event; the city may annul one recorded by mistake, with a reason.</summary>
[AuthorizeFor(Permission.RecordVeto)]
public sealed class DetailModel(DynamicWorkflow workflow, DynamicQueries queries, Inspections.InspectionQueries inspections) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public VetoView Veto { get; private set; } = null!;

    /// <summary>The inspection (督导检查) a 市级检查通报 was issued on, with its findings and photos; null for a veto typed in by hand.</summary>
    public Inspections.InspectionView? Inspection { get; private set; }

    public bool CanAnnul => Actor.Role.Allows(Permission.AnnulVeto) && Veto.AnnulledAtUtc is null;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { ["reason"] = nameof(Reason) };

    public async Task OnGetAsync(CancellationToken ct)
    {
        Veto = await queries.VetoAsync(Actor, Id, ct);
        Inspection = await inspections.SourceOfVetoAsync(Actor, Veto.InspectionId, ct);
    }

    public async Task<IActionResult> OnPostAnnulAsync(CancellationToken ct)
    {
        Veto = await queries.VetoAsync(Actor, Id, ct); // 404 outside the subtree, before anything else
        if (!Actor.Role.Allows(Permission.AnnulVeto)) return Forbid();
        return await ConfirmedStepAsync(() => workflow.PreviewAnnulmentAsync(Actor, Id, Reason, ct),
            done => workflow.AnnulVetoAsync(Actor, Id, Reason, ct, done),
            () => Redirect($"/vetoes/{Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        Veto = await queries.VetoAsync(Actor, Id, ct);
        Inspection = await inspections.SourceOfVetoAsync(Actor, Veto.InspectionId, ct);
        return Page();
    }
}
