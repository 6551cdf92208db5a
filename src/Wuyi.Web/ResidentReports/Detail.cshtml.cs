using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.ResidentReports;

/// <summary>
/// One resident's report, with its photo and phone, to officials in scope: the district or the city checks it, passes it
/// to inspection as a lead (待核查线索) or closes it with a public outcome line (confirmed first); a street reads.
/// </summary>
[AuthorizeFor(Permission.ReadResidentReports)]
public sealed class DetailModel(ResidentReportWorkflow workflow, ResidentReportQueries queries, EvidenceStore store) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Outcome { get; set; }

    public ReportView Item { get; private set; } = null!;

    public bool CanHandle => Actor.Role.Allows(Permission.HandleResidentReports) && Item.IsOpen;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["note"] = nameof(Note),
        ["outcome"] = nameof(Outcome),
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The photo itself, to officials in scope only (404 otherwise).</summary>
    public async Task<IActionResult> OnGetPhotoAsync(CancellationToken ct)
    {
        var photo = await queries.PhotoAsync(Actor, Id, ct);
        ResidentReportsApi.PhotoHeaders(HttpContext, photo);
        return File(store.Open(photo.StoredName), photo.ContentType);
    }

    public async Task<IActionResult> OnPostCheckingAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true); // 404 outside the subtree, before anything else
        return await StepAsync(() => workflow.StartCheckingAsync(Actor, Id, Version, ct), "已开始核查", Back);
    }

    public async Task<IActionResult> OnPostLeadAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true);
        return await StepAsync(() => workflow.PassToInspectionAsync(Actor, Id, Version, Note, ct), "已转为待核查线索", Back);
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true);
        return await ConfirmedStepAsync(() => workflow.PreviewCloseAsync(Actor, Id, Version, Outcome, Note, ct),
            done => workflow.CloseAsync(Actor, Id, Version, Outcome, Note, ct, done), Back);
    }

    private IActionResult Back() => Redirect($"/resident-reports/{Id}");

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct, bool keepVersion = false)
    {
        Item = await queries.DetailAsync(Actor, Id, ct);
        if (!keepVersion)
        {
            Version = Item.Version;
            ModelState.Remove(nameof(Version));
        }
    }
}
