using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Web.Audit;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Applications;

/// <summary>The community's entry point: its open application, or a new draft.</summary>
[Authorize(Roles = nameof(Domain.Applications.ProgrammeRole.Community))]
public sealed class MineModel(ApplicationWorkflow workflow) : WorkPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var open = await workflow.InScope(Actor).Where(a => a.OpenForCommunity != null).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return open is { } id ? Redirect($"/applications/{id}") : Redirect("/work");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var application = await workflow.StartAsync(Actor, null, null, null, ct);
            return Redirect($"/applications/{application.Id}/self-assessment");
        }
        catch (DomainException ex)
        {
            HttpContext.AuditRefused(ex); // shown beside the form with 200, but a refusal on record
            TempData["Flash"] = ex.Message;
            return await OnGetAsync(ct);
        }
    }
}
