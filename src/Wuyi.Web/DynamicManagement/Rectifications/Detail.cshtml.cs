using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.DynamicManagement.Rectifications;

/// <summary>
/// One rectification task: the community reports what it fixed; the district or the city accepts it or sends it
/// back; a street reads it only.
/// </summary>
[RequestSizeLimit(EvidenceService.MaxFilesPerReport * 21L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceService.MaxFilesPerReport * 21L * 1024 * 1024)]
public sealed class DetailModel(DynamicWorkflow workflow, DynamicQueries queries, EvidenceService evidence, TimeProvider time) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Report { get; set; }
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? ReturnReason { get; set; }
    [BindProperty] public DateOnly? NewDeadline { get; set; }
    /// <summary>The files sent with the report, in the same form (整改报告与佐证文件一并提交).</summary>
    [BindProperty] public List<IFormFile> Uploads { get; set; } = [];

    /// <summary>The evidence files attached so far (佐证文件).</summary>
    public List<EvidenceFile> Files { get; private set; } = [];

    public RectificationView Item { get; private set; } = null!;
    public DateOnly Today => ProgrammeClock.DateOf(time.GetUtcNow());
    public long MaxMegabytes => evidence.MaxBytes / (1024 * 1024);

    public bool CanReport => Actor.Role.Allows(Permission.ReportRectification) && Actor.DivisionCode == Item.Place.Community.Code && Item.State == RectificationState.Open;
    public bool CanReview => Actor.Role.Allows(Permission.AcceptRectification) && Item.State == RectificationState.Reported;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["report"] = nameof(Report),
        ["evidence"] = nameof(Evidence),
        ["comment"] = nameof(Comment),
        ["reason"] = nameof(ReturnReason),
        ["deadline"] = nameof(NewDeadline),
        ["file"] = nameof(Uploads),
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The report with its files, in one post: a refused file keeps what was typed and saves nothing.</summary>
    public Task<IActionResult> OnPostReportAsync(CancellationToken ct) =>
        TakeAsync(async () =>
        {
            var files = await evidence.ReadUploadsAsync(Uploads, EvidenceService.FileRefused, ct);
            await evidence.ReportWithFilesAsync(Actor, Id, files,
                () => workflow.ReportRectificationAsync(Actor, Id, Version, Report, Evidence, ct), ct);
        }, "整改情况已报告，等待区社区防控组验收", ct);

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true); // 404 outside the subtree, before anything else
        return await ConfirmedStepAsync(() => workflow.PreviewAcceptanceAsync(Actor, Id, Version, Comment, ct),
            done => workflow.AcceptRectificationAsync(Actor, Id, Version, Comment, ct, done), () => Redirect($"/rectifications/{Id}"));
    }

    public async Task<IActionResult> OnPostSendBackAsync(CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true);
        return await ConfirmedStepAsync(() => workflow.PreviewSendBackAsync(Actor, Id, Version, ReturnReason, NewDeadline, ct),
            done => workflow.SendBackRectificationAsync(Actor, Id, Version, ReturnReason, NewDeadline, ct, done), () => Redirect($"/rectifications/{Id}"));
    }

    private async Task<IActionResult> TakeAsync(Func<Task> step, string done, CancellationToken ct)
    {
        await LoadAsync(ct, keepVersion: true); // 404 outside the subtree, before anything else
        return await StepAsync(step, done, () => Redirect($"/rectifications/{Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(ct); // a refused or stale step shows the latest state
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct, bool keepVersion = false)
    {
        Item = await queries.RectificationAsync(Actor, Id, ct);
        Files = await evidence.ListAsync(Actor, Id, ct);
        if (!keepVersion)
        {
            Version = Item.Version;
            ModelState.Remove(nameof(Version));
        }
    }
}
