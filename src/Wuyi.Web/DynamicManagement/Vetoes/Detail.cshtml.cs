using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Vetoes;

/// <summary>One veto event; the city may annul one recorded by mistake, with a reason.</summary>
[AuthorizeFor(Permission.RecordVeto)]
public sealed class DetailModel(DynamicWorkflow workflow, DynamicQueries queries) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public VetoView Veto { get; private set; } = null!;

    public bool CanAnnul => Actor.Role.Allows(Permission.AnnulVeto) && Veto.AnnulledAtUtc is null;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { ["reason"] = nameof(Reason) };

    public async Task OnGetAsync(CancellationToken ct) => Veto = await queries.VetoAsync(Actor, Id, ct);

    public async Task<IActionResult> OnPostAnnulAsync(CancellationToken ct)
    {
        Veto = await queries.VetoAsync(Actor, Id, ct); // 404 outside the subtree, before anything else
        if (!Actor.Role.Allows(Permission.AnnulVeto)) return Forbid();
        return await StepAsync(() => workflow.AnnulVetoAsync(Actor, Id, Reason, ct),
            "否决事项已撤销；它造成的取消认定、中止申报或整改任务已列入重新评定，请决定是否恢复",
            () => Redirect($"/vetoes/{Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        Veto = await queries.VetoAsync(Actor, Id, ct);
        return Page();
    }
}
