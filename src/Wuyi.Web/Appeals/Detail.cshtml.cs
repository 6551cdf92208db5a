using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Appeals;

/// <summary>One appeal; an official of the right level who took no part in the decision appealed decides it, after confirming what it will do.</summary>
[AuthorizeFor(Permission.FileAppeal, Permission.DecideAppeal)]
[RequestSizeLimit(AppealTexts.MaxEvidenceFiles * 21L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AppealTexts.MaxEvidenceFiles * 21L * 1024 * 1024)]
public sealed class DetailModel(AppealWorkflow workflow, AppealQueries queries, EvidenceService evidence) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }

    /// <summary>成立 or 驳回.</summary>
    [BindProperty] public AppealDecision? Answer { get; set; }

    [BindProperty] public string? Reasons { get; set; }
    [BindProperty] public int? Version { get; set; }

    /// <summary>Files the community adds while the appeal is open (补充申诉材料).</summary>
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public long MaxMegabytes => evidence.MaxBytes / (1024 * 1024);

    /// <summary>The appealing community, while the appeal is open and has room for more files.</summary>
    public bool CanAddEvidence => Actor.Role.Allows(Permission.FileAppeal) && Actor.DivisionCode == Appeal.Place.Community.Code
                                  && Appeal.State == AppealState.Open && Appeal.Evidence.Count < AppealTexts.MaxEvidenceFiles;

    public AppealView Appeal { get; private set; } = null!;

    /// <summary>The form is offered to the deciding roles while the appeal is open; the domain still says whether this account may decide.</summary>
    public bool CanDecide => Actor.Role.Allows(Permission.DecideAppeal) && Appeal.State == AppealState.Open
                             && (Appeal.Subject != AppealSubject.Veto || Actor.Role == ProgrammeRole.City);

    protected override IReadOnlyDictionary<string, string> Fields { get; } =
        new Dictionary<string, string> { ["reasons"] = nameof(Reasons), ["decision"] = nameof(Answer), ["file"] = nameof(Files) };

    protected override string StaleNotice => "该申诉已被他人更新，请刷新页面查看最新内容后再复核";

    public async Task OnGetAsync(CancellationToken ct) => Appeal = await queries.GetAsync(Actor, Id, ct);

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        Appeal = await queries.GetAsync(Actor, Id, ct); // 404 outside the subtree, before anything else
        if (!Actor.Role.Allows(Permission.DecideAppeal)) return Forbid();
        var answer = Answer ?? (AppealDecision)0;
        return await ConfirmedStepAsync(() => workflow.PreviewAsync(Actor, Id, Version, answer, Reasons, ct),
            done => workflow.DecideAsync(Actor, Id, Version, answer, Reasons, ct, done),
            () => Redirect($"/appeals/{Id}"));
    }

    /// <summary>Files added to the open appeal, all or none; a decider who opened the appeal before must look again.</summary>
    public async Task<IActionResult> OnPostEvidenceAsync(CancellationToken ct)
    {
        Appeal = await queries.GetAsync(Actor, Id, ct); // 404 outside the subtree, before anything else
        if (!Actor.Role.Allows(Permission.FileAppeal)) return Forbid();
        return await StepAsync(async () =>
            {
                var files = await evidence.ReadUploadsAsync(Files, (name, reason) => AppealWorkflow.FileRefused(name, reason, "补充材料未保存"), ct);
                await workflow.AddEvidenceAsync(Actor, Id, Version, files, ct);
            },
            "申诉材料已补充，复核人员将一并审阅", () => Redirect($"/appeals/{Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        Appeal = await queries.GetAsync(Actor, Id, ct);
        return Page();
    }

    /// <summary>The page of the decision appealed, for those who may read it.</summary>
    public string? SubjectLink => Appeal.Subject switch
    {
        AppealSubject.Veto when Actor.Role.Allows(Permission.RecordVeto) => $"/vetoes/{Appeal.SubjectKey}",
        AppealSubject.Score => $"/applications/{Appeal.SubjectKey}",
        _ => null,
    };
}
