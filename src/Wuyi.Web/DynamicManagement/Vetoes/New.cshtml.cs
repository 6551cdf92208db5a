using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Vetoes;

/// <summary>记录一票否决事项: the district (in its subtree) or the city records an event; the workflow does the rest.</summary>
[AuthorizeFor(Permission.RecordVeto)]
public sealed class NewModel(DynamicWorkflow workflow, DivisionDirectory directory, TimeProvider time) : StepPageModel
{
    [BindProperty(SupportsGet = true)] public string? CommunityCode { get; set; }
    [BindProperty] public VetoKind? Kind { get; set; }
    [BindProperty] public bool ManagementLapse { get; set; }
    [BindProperty] public DateOnly? OccurredOn { get; set; }
    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? DocumentReference { get; set; }
    [BindProperty] public DateOnly? RectificationDeadline { get; set; }

    /// <summary>What the community field names: the community with its full path, or the ones to choose from.</summary>
    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["communityCode"] = nameof(CommunityCode),
        ["kind"] = nameof(Kind),
        ["managementLapse"] = nameof(ManagementLapse),
        ["occurredAt"] = nameof(OccurredOn),
        ["source"] = nameof(Source),
        ["description"] = nameof(Description),
        ["documentReference"] = nameof(DocumentReference),
        ["deadline"] = nameof(RectificationDeadline),
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        OccurredOn ??= Today;
        Pick = await directory.PickAsync(Actor.DivisionCode, CommunityCode, DivisionLevel.Community, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (OccurredOn is null && ModelState.GetFieldValidationState(nameof(OccurredOn)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError(nameof(OccurredOn), "请填写事件发生日期");
        Pick = await directory.PickAsync(Actor.DivisionCode, CommunityCode, DivisionLevel.Community, ct);
        if (Pick.Chosen is { } chosen) CommunityCode = chosen.Code;
        else if (Pick.Candidates.Count > 0)
        {
            ModelState.AddModelError(nameof(CommunityCode), "请从下面选择一个社区（村）");
            return Page();
        }
        Guid id = default;
        return await ConfirmedStepAsync(
            () => InScope(() => workflow.PreviewVetoAsync(Actor, Report(), ct)),
            done => InScope(async () => id = (await workflow.RecordVetoAsync(Actor, Report(), ct, done)).Id),
            () => Redirect($"/vetoes/{id}"));
    }

    private VetoReport Report()
    {
        // The form asks for the day only: today is taken as now (the rule refuses events in the future), an earlier day as its start.
        var date = ProgrammeClock.InRange(OccurredOn!.Value, "occurredAt");
        var now = time.GetUtcNow();
        var occurred = date == ProgrammeClock.DateOf(now) ? now : ProgrammeClock.StartOf(date);
        return new VetoReport(CommunityCode ?? "", Kind ?? 0, occurred, Source, Description, DocumentReference, ManagementLapse, RectificationDeadline);
    }

    private async Task<T> InScope<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (NotFoundException ex)
        {
            // On a form, a code outside one's subtree is a wrong entry, not a missing page: the form is shown
            // again with the reason, and the status is the 404 that any other request outside the subtree gets.
            Response.StatusCode = StatusCodes.Status404NotFound;
            throw DomainException.Invalid("community-not-found", ex.Message,
                new Dictionary<string, string[]> { ["communityCode"] = ["找不到该社区（村），或不在您的管辖范围内"] });
        }
    }
}
