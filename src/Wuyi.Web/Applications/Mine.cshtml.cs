using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Applications;

/// <summary>The community's entry point: its open application, or a new draft.</summary>
[AuthorizeFor(ApplicationAction.Create)]
public sealed class MineModel(ApplicationWorkflow workflow) : StepPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var open = await workflow.InScope(Actor).Where(a => a.OpenForCommunity != null).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return open is { } id ? Redirect($"/applications/{id}") : Redirect("/work");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var application = await workflow.StartAsync(Actor, null, null, null, null, ct);
        return Redirect($"/applications/{application.Id}/self-assessment");
    }

    /// <summary>以上次申报为起点: a new draft with the self-assessment of the earlier application the page showed.</summary>
    public async Task<IActionResult> OnPostFromLastAsync(Guid from, CancellationToken ct)
    {
        var application = await workflow.StartAsync(Actor, null, null, null, from, ct);
        return Redirect($"/applications/{application.Id}/self-assessment");
    }

    /// <summary>The form is a button on the to-do page: the reason goes there (or to the open application) as the flash.</summary>
    protected override async Task<IActionResult> RefusedAsync(DomainException refusal, CancellationToken ct)
    {
        TempData["Flash"] = refusal.Message;
        return await OnGetAsync(ct);
    }
}
