using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Scales;

/// <summary>
/// 编制新版量表 (city): the version in force as a form to change — parts, indicators, points, standards, the hard
/// indicators, the pass mark and the 12345 deduction rule — validated as its file would be, and published only after
/// the city has seen what it will do (how it differs, how many standing titles go to re-evaluation).
/// </summary>
[AuthorizeFor(Permission.PublishScale)]
public sealed class NewModel(WuyiDbContext db, ScaleCatalog scales, ScalePublishing publishing, TimeProvider time) : StepPageModel
{
    [BindProperty] public ScaleForm Form { get; set; } = new();

    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());

    /// <summary>The version the form started from.</summary>
    public string? BasedOn { get; private set; }

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["definition"] = "", // the file's faults, each in the list above the form
        ["effectiveFrom"] = "Form.EffectiveFrom",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var inForce = await scales.InForceAsync(db, Today, ct);
        BasedOn = inForce.Name;
        Form = ScaleForm.From(inForce, Today.AddDays(1));
    }

    /// <summary>发布: asks first, with what the version will do; then publishes it.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var definition = Form.ToDefinition();
        return await ConfirmedStepAsync(() => publishing.PreviewScaleAsync(Actor, definition, ct),
            done => publishing.PublishScaleAsync(Actor, definition, ct, done),
            () => Redirect("/scales"));
    }

    /// <summary>添加指标 to a part (the form again, nothing published).</summary>
    public IActionResult OnPostAddIndicator(int part)
    {
        HttpContext.AuditPreview(); // edits the form, changes nothing: not an operation
        if (part >= 0 && part < Form.Parts.Count) Form.Parts[part].Indicators.Add(new ScaleForm.IndicatorForm());
        ModelState.Clear();
        return Page();
    }

    /// <summary>添加部分 (the form again, nothing published).</summary>
    public IActionResult OnPostAddPart()
    {
        HttpContext.AuditPreview();
        Form.Parts.Add(new ScaleForm.PartForm { Indicators = [new ScaleForm.IndicatorForm()] });
        ModelState.Clear();
        return Page();
    }

    protected override Task<IActionResult> ReshowAsync(CancellationToken ct) => Task.FromResult<IActionResult>(Page());
}
