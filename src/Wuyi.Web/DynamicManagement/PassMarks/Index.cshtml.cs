using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.DynamicManagement.PassMarks;

/// <summary>调整达标分数线 (city): a new pass mark for a scale version from a date on, confirmed with how many titles it sends to re-evaluation.</summary>
[AuthorizeFor(Permission.ChangePassMark)]
public sealed class IndexModel(ScalePublishing publishing, DynamicQueries queries, Data.WuyiDbContext db, TimeProvider time) : StepPageModel
{
    [BindProperty] public string? ScaleVersionId { get; set; }
    [BindProperty] public decimal? Value { get; set; }
    [BindProperty] public DateOnly? EffectiveFrom { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>After a change: how many standing titles it put on the re-evaluation queue.</summary>
    [FromQuery] public int? Queued { get; set; }

    public IReadOnlyList<PassMarkChange> Changes { get; private set; } = [];
    public IReadOnlyList<ScaleVersionView> Scales { get; private set; } = [];
    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["value"] = nameof(Value),
        ["effectiveFrom"] = nameof(EffectiveFrom),
        ["reason"] = nameof(Reason),
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        EffectiveFrom ??= Today;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Value is null && ModelState.GetFieldValidationState(nameof(Value)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError(nameof(Value), "请填写新的达标分数线");
        if (EffectiveFrom is null && ModelState.GetFieldValidationState(nameof(EffectiveFrom)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError(nameof(EffectiveFrom), "请填写生效日期");
        var queued = 0;
        return await ConfirmedStepAsync(() => publishing.PreviewPassMarkAsync(Actor, ScaleVersionId, Value!.Value, EffectiveFrom!.Value, Reason, ct),
            async done => (_, queued) = await publishing.ChangePassMarkAsync(Actor, ScaleVersionId, Value!.Value, EffectiveFrom!.Value, Reason, ct, done),
            () => Redirect($"/pass-marks?queued={queued}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Changes = await queries.PassMarkChangesAsync(ct);
        Scales = (await ScaleCatalog.VersionsAsync(db, ct)).AsEnumerable().Reverse().ToList();
    }
}
