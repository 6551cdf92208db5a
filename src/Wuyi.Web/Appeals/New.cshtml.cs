using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Appeals;

/// <summary>
/// 提出申诉: the community picks what it appeals (from the decision's own page, or from the list of what it may still appeal) and writes
/// its reasons. Nothing is suspended while the appeal is open: the page says so.
/// </summary>
[AuthorizeFor(Permission.FileAppeal)]
[RequestSizeLimit(AppealTexts.MaxEvidenceFiles * 21L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AppealTexts.MaxEvidenceFiles * 21L * 1024 * 1024)]
public sealed class NewModel(AppealWorkflow workflow, AppealQueries queries, EvidenceService evidence) : StepPageModel
{
    [BindProperty(SupportsGet = true)] public AppealSubject? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty] public string? Reasons { get; set; }

    /// <summary>The files sent with the appeal as its evidence (申诉材料), in the same form.</summary>
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public long MaxMegabytes => evidence.MaxBytes / (1024 * 1024);

    public IReadOnlyList<AppealCandidate> Candidates { get; private set; } = [];

    /// <summary>The decision chosen, when it is one the community may still appeal.</summary>
    public AppealCandidate? Chosen => Candidates.FirstOrDefault(c => c.Subject == Subject && c.Key == Key);

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { ["reasons"] = nameof(Reasons), ["file"] = nameof(Files) };

    public async Task OnGetAsync(CancellationToken ct) => Candidates = await queries.CandidatesAsync(Actor, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Appeal? filed = null;
        return await StepAsync(async () =>
            {
                var files = await evidence.ReadUploadsAsync(Files, (name, reason) => AppealWorkflow.FileRefused(name, reason, "申诉未提交，您填写的理由已保留"), ct);
                filed = await workflow.FileAsync(Actor, Subject ?? (AppealSubject)0, Key, Reasons, ct, files);
            },
            "已提出申诉，等待复核；复核决定作出前，原决定照常执行", () => Redirect($"/appeals/{filed!.Id}"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        Candidates = await queries.CandidatesAsync(Actor, ct);
        return Page();
    }
}
