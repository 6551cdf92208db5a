using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Applications;

/// <summary>自评: the scale's 14 indicators, saved as a draft as often as wanted, then submitted.</summary>
[AuthorizeFor(ApplicationAction.Submit)]
public sealed class SelfAssessmentModel(ApplicationWorkflow workflow, ApplicationViews views, ScaleCatalog scales, WuyiDbContext db, TimeProvider time) : StepPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public Dictionary<string, decimal?> Scores { get; set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public ApplicationView Application { get; private set; } = null!;
    public ScaleVersion Scale { get; private set; } = null!;
    public PassMark PassMark { get; private set; } = null!;

    public bool Editable => ApplicationStates.IsEditableByCommunity(Application.State);

    /// <summary>The latest return's reason, which is what the community has to fix.</summary>
    public string? ReturnReason => Application.State is ApplicationState.ReturnedByStreet or ApplicationState.ReturnedByDistrict
        ? Application.History.LastOrDefault(h => h.To == Application.State)?.Comment
        : null;

    protected override string StaleNotice => ApplicationWorkflow.StaleNotice;

    /// <summary>A refusal's fields are indicators: each message goes beside its score.</summary>
    protected override string? InputFor(string field) => $"{nameof(Scores)}[{field}]";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(keepInput: false, ct);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        StepAsync(() => workflow.SaveSelfAssessmentAsync(Actor, Id, Version, Given(), Note, ct),
            "自评已保存", () => Redirect($"/applications/{Id}/self-assessment"));

    /// <summary>Saves and submits what is on the form, once the community has seen what submitting will do (issue 11).</summary>
    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) =>
        ConfirmedStepAsync(() => workflow.PreviewSubmitAsync(Actor, Id, Version, Given(), Note, ct),
            async done =>
            {
                var saved = await workflow.SaveSelfAssessmentAsync(Actor, Id, Version, Given(), Note, ct);
                await workflow.SubmitAsync(Actor, Id, saved.Version, ct, done);
            },
            () => Redirect($"/applications/{Id}"));

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(keepInput: true, ct);
        return Page();
    }

    private Dictionary<string, decimal> Given() =>
        Scores.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value);

    private async Task LoadAsync(bool keepInput, CancellationToken ct)
    {
        Application = await views.GetAsync(Actor, Id, ct);
        Scale = await scales.GetAsync(db, Application.ScaleVersionId, ct);
        PassMark = (await scales.PassMarksAsync(db, Scale, ct)).InForceOn(ScaleCatalog.Today(time));
        if (keepInput)
        {
            Version = Application.Version; // the refused input stays; the version is the current one
            return;
        }
        Scores = Scale.Indicators.ToDictionary(i => i.Code, i => Application.SelfScores.TryGetValue(i.Code, out var v) ? v : (decimal?)null);
        Note = Application.SelfNote;
        Version = Application.Version;
    }
}
