using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Inspections;

/// <summary>
/// 督导检查 · 风险排序: the district's (or the city's) certified and applying communities ranked by risk, each with its reasons;
/// the official picks some and plans their inspection on a day, assigned to an inspector in scope.
/// </summary>
[AuthorizeFor(Permission.PlanInspection)]
public sealed class IndexModel(InspectionQueries queries, InspectionWorkflow workflow, DivisionDirectory directory, TimeProvider time) : StepPageModel
{
    [FromQuery] public string? Community { get; set; }
    [BindProperty] public List<string> Selected { get; set; } = [];
    [BindProperty] public string? InspectorUserId { get; set; }
    [BindProperty] public DateOnly? PlannedOn { get; set; }

    public RiskList List { get; private set; } = null!;
    public IReadOnlyList<Inspector> Inspectors { get; private set; } = [];
    public DivisionPick Pick { get; private set; } = DivisionPick.None;
    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["communityCodes"] = nameof(Selected),
        ["inspector"] = nameof(InspectorUserId),
        ["plannedOn"] = nameof(PlannedOn),
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        PlannedOn ??= Today;
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);

    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        return InspectionExport.RiskDownload(queries, Actor, format, Pick.FilterCode);
    }

    /// <summary>Plans the chosen communities' inspections; one planned opens it, several go to the list of inspections.</summary>
    public async Task<IActionResult> OnPostPlanAsync(CancellationToken ct)
    {
        IReadOnlyList<Domain.Supervision.Inspection> planned = [];
        return await StepAsync(async () =>
        {
            try
            {
                planned = await workflow.PlanAsync(Actor, Selected, InspectorUserId, PlannedOn, ct);
            }
            catch (NotFoundException ex)
            {
                // A code outside the subtree on a form: shown again with the reason, with the 404 any other such request gets.
                Response.StatusCode = StatusCodes.Status404NotFound;
                throw DomainException.Invalid("community-not-found", ex.Message,
                    new Dictionary<string, string[]> { ["communityCodes"] = ["找不到该社区（村），或不在您的管辖范围内"] });
            }
        }, "", () =>
        {
            TempData["Flash"] = $"已计划 {planned.Count} 次督导检查，检查人员可在“待办”中开始检查";
            return Redirect(planned.Count == 1 ? $"/inspections/{planned[0].Id}" : "/inspections/list");
        });
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, null, ct);
        List = await queries.RiskListAsync(Actor, Pick.FilterCode, ct);
        Inspectors = await queries.InspectorsAsync(Actor, ct);
    }

    public string ExportLink => $"/inspections?community={Pick.FilterCode}";
}
