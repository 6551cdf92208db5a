using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Accounts;
using Wuyi.Web.Audit;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// A signed-in page that acts through the workflow. A refusal by a rule comes back as messages beside the
/// fields (or at the top), and the page is shown again: never a bare error for a person to decode.
/// </summary>
public abstract class WorkPageModel : PageModel
{
    public Actor Actor => User.RequireActor();

    /// <summary>Runs a step; on success redirects with a flash message, on refusal re-renders with the reasons.</summary>
    protected async Task<IActionResult> StepAsync(Func<Task> step, string done, Func<IActionResult> onSuccess, Func<Task<IActionResult>> onRefused)
    {
        if (!ModelState.IsValid) return await onRefused(); // e.g. a score that is not a number
        try
        {
            await step();
        }
        catch (DomainException ex)
        {
            HttpContext.AuditRefused(ex); // shown beside the form with 200, but a refusal on record
            AddErrors(ex);
            RefusedStatus(ex);
            return await onRefused();
        }
        if (done.Length > 0) TempData["Flash"] = done;
        return onSuccess();
    }

    /// <summary>
    /// A step the caller's role or post may not take is shown again with the reason, but answers 403: a refusal
    /// must never look like a success to a client that reads the status (the authorization matrix checks it).
    /// </summary>
    protected void RefusedStatus(DomainException ex)
    {
        if (ex.Kind == DomainErrorKind.Forbidden) Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    protected void AddErrors(DomainException ex, string prefix = "Scores")
    {
        if (ex.Code == "stale")
            ModelState.AddModelError(string.Empty, "在您打开此页之后，该申报已被他人处理或更新。页面已刷新为最新内容，请核对后再操作。");
        else
            ModelState.AddModelError(string.Empty, ex.Message);
        foreach (var (field, messages) in ex.Errors)
            foreach (var message in messages)
                ModelState.AddModelError(field == "reason" ? "Comment" : $"{prefix}[{field}]", message);
    }
}
