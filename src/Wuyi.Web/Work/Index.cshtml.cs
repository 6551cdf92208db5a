using Microsoft.AspNetCore.Mvc;
using Wuyi.Web.Accounts;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Work;

public sealed class IndexModel(WorkQueue queue, DynamicQueries dynamic, Notices.NoticeQueries notices, ResidentReports.ResidentReportQueries reports,
    Appeals.AppealQueries appeals) : WorkPageModel
{
    public WorkQueue.Summary Work { get; private set; } = null!;

    /// <summary>Dynamic management at this level: rectification tasks and re-evaluations (动态管理).</summary>
    public DynamicWork Dynamic { get; private set; } = null!;

    /// <summary>A community's own notices (通知书), newest first; none for officials.</summary>
    public IReadOnlyList<Notices.NoticeSummary> Notices { get; private set; } = [];

    /// <summary>Residents' reports not yet closed in the subtree (群众反映), for the roles that read them; null for the others.</summary>
    public int? OpenReports { get; private set; }
    /// <summary>Open appeals (申诉复核): those the official may decide, or the community's own waiting for a decision.</summary>
    public int OpenAppeals { get; private set; }
    /// <summary>督导检查: the inspections assigned to this account, and those awaiting a decision; null for roles that do not inspect.</summary>
    public WorkQueue.InspectionWork? Inspections { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // An administrator has no 待办: a link or bookmark to /work takes it to its own page, not to a refusal.
        if (User.ToActor() is null && Landing.AdministratorPage(User) is { } own) return LocalRedirect(own.Href);
        Work = await queue.ForAsync(Actor, ct);
        Dynamic = await dynamic.WorkAsync(Actor, ct);
        if (Wuyi.Domain.Applications.Permissions.Allows(Actor.Role, Wuyi.Domain.Applications.Permission.ReadResidentReports)) OpenReports = await reports.OpenCountAsync(Actor, ct);
        if (Actor.Role != Wuyi.Domain.Applications.ProgrammeRole.Street) OpenAppeals = await appeals.OpenCountAsync(Actor, ct);
        Inspections = await queue.InspectionsAsync(Actor, ct);
        if (Actor.Role == Wuyi.Domain.Applications.ProgrammeRole.Community) Notices = await notices.ForCommunityAsync(Actor, Actor.DivisionCode, ct);
        return Page();
    }
}
