using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Inspections;

/// <summary>
/// The inspection form, on a phone at the checkpoint (现场检查): time and place, each checkpoint (staffed, 24-hour duty kept,
/// remark), the points of the scale checked (met or not, with a note), photos. Saved as a draft, then submitted; works
/// without JavaScript (another checkpoint row is one more post; the location button is the only script, and optional).
/// </summary>
[AuthorizeFor(Permission.ConductInspection)]
[RequestSizeLimit(InspectionWorkflow.MaxPhotosPerSave * 21L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = InspectionWorkflow.MaxPhotosPerSave * 21L * 1024 * 1024)]
public sealed class FormModel(InspectionQueries queries, InspectionWorkflow workflow, EvidenceService evidence, WuyiDbContext db, ScaleCatalog scales, TimeProvider time)
    : StepPageModel
{
    public sealed class CheckpointInput
    {
        public string? Name { get; set; }
        public bool? Staffed { get; set; }
        public bool? DutyKept { get; set; }
        public string? Remark { get; set; }
    }

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public DateTime? InspectedAt { get; set; } // Beijing time, as the phone shows it
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public decimal? Latitude { get; set; }
    [BindProperty] public decimal? Longitude { get; set; }
    [BindProperty] public List<CheckpointInput> Checkpoints { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> Results { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> Notes { get; set; } = [];
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public InspectionView Item { get; private set; } = null!;
    public ScaleVersion Scale { get; private set; } = null!;
    public long MaxMegabytes => workflow.MaxPhotoBytes / (1024 * 1024);

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["inspectedAt"] = nameof(InspectedAt),
        ["place"] = nameof(Place),
        ["checkpoints"] = nameof(Checkpoints),
        ["indicators"] = nameof(Results),
        ["summary"] = nameof(Summary),
        ["photos"] = nameof(Photos),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Item.InspectorUserId != Actor.UserId || Item.State is not (InspectionState.Planned or InspectionState.InProgress))
            return Redirect($"/inspections/{Id}"); // the form is the assigned inspector's, while the inspection is open
        Version = Item.Version;
        InspectedAt = Item.InspectedAtUtc is { } at ? ProgrammeClock.FromUtc(at).ToOffset(ProgrammeClock.Offset).DateTime
            : time.GetUtcNow().ToOffset(ProgrammeClock.Offset).DateTime;
        InspectedAt = InspectedAt.Value.AddTicks(-(InspectedAt.Value.Ticks % TimeSpan.TicksPerMinute));
        Place = Item.Address;
        Latitude = Item.Latitude;
        Longitude = Item.Longitude;
        Summary = Item.Summary;
        Checkpoints = Item.Checkpoints.Select(c => new CheckpointInput { Name = c.Name, Staffed = c.Staffed, DutyKept = c.DutyKept, Remark = c.Remark }).ToList();
        foreach (var x in Item.Indicators)
        {
            Results[x.Code] = x.Met ? "met" : "unmet";
            Notes[x.Code] = x.Note;
        }
        Pad();
        return Page();
    }

    /// <summary>One more checkpoint row, without JavaScript: nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddCheckpointAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        Checkpoints.Add(new CheckpointInput());
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(submit: true, ct);

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        await LoadAsync(ct); // 404 outside the subtree, before anything else
        for (var n = 0; n < Checkpoints.Count; n++)
        {
            var c = Checkpoints[n];
            if (string.IsNullOrWhiteSpace(c.Name)) continue;
            if (c.Staffed is null || c.DutyKept is null)
                ModelState.AddModelError(nameof(Checkpoints), $"卡口“{c.Name.Trim()}”：请选择是否有人值守、是否落实24小时值守");
        }
        return await StepAsync(async () =>
        {
            var files = await evidence.ReadUploadsAsync(Photos, (name, reason) => InspectionWorkflow.PhotoRefused(name, reason), ct);
            await workflow.SaveAsync(Actor, Id, Version, Report(), files, submit, ct);
        }, submit ? "检查记录已提交，等待区、市社区防控组处理" : "检查记录已保存（草稿），照片已上传",
            () => Redirect(submit ? $"/inspections/{Id}" : $"/inspections/{Id}/form"));
    }

    private InspectionReport Report() => new(
        InspectedAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ProgrammeClock.Offset) : null,
        Place, Latitude, Longitude,
        Checkpoints.Where(c => !string.IsNullOrWhiteSpace(c.Name))
            .Select(c => new CheckpointCheck(c.Name!, c.Staffed ?? false, c.DutyKept ?? false, c.Remark)).ToList(),
        Scale.Indicators.Where(i => Results.GetValueOrDefault(i.Code) is "met" or "unmet")
            .Select(i => new IndicatorCheck(i.Code, Results[i.Code] == "met", Notes.GetValueOrDefault(i.Code))).ToList(),
        Summary);

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Pad();
        return Page();
    }

    /// <summary>At least one empty checkpoint row to fill, and never fewer than two rows.</summary>
    private void Pad()
    {
        if (Checkpoints.Count == 0 || !string.IsNullOrWhiteSpace(Checkpoints[^1].Name)) Checkpoints.Add(new CheckpointInput());
        if (Checkpoints.Count < 2) Checkpoints.Add(new CheckpointInput());
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Item = await queries.InspectionAsync(Actor, Id, ct);
        Scale = await scales.GetAsync(db, Item.ScaleVersionId, ct);
    }
}
