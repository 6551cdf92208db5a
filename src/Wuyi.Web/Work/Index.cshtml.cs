using Microsoft.AspNetCore.Mvc;
using Wuyi.Web.Accounts;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Work;

public sealed class IndexModel(WorkQueue queue, DynamicQueries dynamic, Notices.NoticeQueries notices) : WorkPageModel
{
    public WorkQueue.Summary Work { get; private set; } = null!;

    /// <summary>Dynamic management at this level: rectification tasks and re-evaluations (动态管理).</summary>
    public DynamicWork Dynamic { get; private set; } = null!;

    /// <summary>A community's own notices (通知书), newest first; none for officials.</summary>
    public IReadOnlyList<Notices.NoticeSummary> Notices { get; private set; } = [];

    /// <summary>督导检查: the inspections assigned to this account, and those awaiting a decision; null for roles that do not inspect.</summary>
    public WorkQueue.InspectionWork? Inspections { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // An administrator has no 待办: a link or bookmark to /work takes it to its own page, not to a refusal.
        if (User.ToActor() is null && Landing.AdministratorPage(User) is { } own) return LocalRedirect(own.Href);
        Work = await queue.ForAsync(Actor, ct);
        Dynamic = await dynamic.WorkAsync(Actor, ct);
        Inspections = await queue.InspectionsAsync(Actor, ct);
        if (Actor.Role == Wuyi.Domain.Applications.ProgrammeRole.Community) Notices = await notices.ForCommunityAsync(Actor, Actor.DivisionCode, ct);
        return Page();
    }
}
