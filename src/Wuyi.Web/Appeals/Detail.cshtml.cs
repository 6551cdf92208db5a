using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Appeals;

/// <summary>One appeal; an official of the right level who took no part in the decision appealed decides it, after confirming what it will do.</summary>
[AuthorizeFor(Permission.FileAppeal, Permission.DecideAppeal)]
public sealed class DetailModel(AppealWorkflow workflow, AppealQueries queries) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }

    /// <summary>成立 or 驳回.</summary>
    [BindProperty] public AppealDecision? Answer { get; set; }

    [BindProperty] public string? Reasons { get; set; }
    [BindProperty] public int? Version { get; set; }

    public AppealView Appeal { get; private set; } = null!;

    /// <summary>The form is offered to the deciding roles while the appeal is open; the domain still says whether this account may decide.</summary>
    public bool CanDecide => Actor.Role.Allows(Permission.DecideAppeal) && Appeal.State == AppealState.Open
                             && (Appeal.Subject != AppealSubject.Veto || Actor.Role == ProgrammeRole.City);

    protected override IReadOnlyDictionary<string, string> Fields { get; } =
        new Dictionary<string, string> { ["reasons"] = nameof(Reasons), ["decision"] = nameof(Answer) };

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
