using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Wuyi.Domain.Common;
using Wuyi.Web.Audit;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// A page whose forms run a workflow step. A rule's refusal (<see cref="DomainException"/>) from any of its handlers
/// is taken here, once for every such page: it goes on the audit record as refused although the page answers 200,
/// its messages go at the top and beside the inputs the page's <see cref="Fields"/> name, and the page is shown again
/// with what was typed — never a bare error for a person to decode.
/// </summary>
public abstract class StepPageModel : WorkPageModel
{
    /// <summary>The key in <see cref="Fields"/> of the refusal's own message, which otherwise goes at the top of the form.</summary>
    protected const string Message = "";

    /// <summary>The refusal's field names (camelCase, as in the API) → this page's input names.</summary>
    protected virtual IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>();

    /// <summary>What the page says when the record changed since it was opened (<c>stale</c>); by default the workflow's words.</summary>
    protected virtual string? StaleNotice => null;

    /// <summary>The input a refusal's field is shown beside, if the page has one; a field without one is told at the top only.</summary>
    protected virtual string? InputFor(string field) => Fields.GetValueOrDefault(field);

    /// <summary>The page again after a refusal: what was typed stays, what the page shows is loaded afresh.</summary>
    protected virtual Task<IActionResult> ReshowAsync(CancellationToken ct) => Task.FromResult<IActionResult>(Page());

    /// <summary>
    /// Sent by the confirmation form's second post (<c>Shared/_ConfirmStep</c>, or the dialog of <c>js/confirm-step.js</c>):
    /// the person has seen what the decision will do. The API has no such step.
    /// </summary>
    [BindProperty] public bool Confirmed { get; set; }

    /// <summary>What the decision will do, shown for confirmation after its first post; null otherwise.</summary>
    public StepConsequences? Confirmation { get; private set; }

    /// <summary>
    /// A decision asks for confirmation before it is taken: the first post (no <see cref="Confirmed"/>) runs the
    /// workflow's preview — the same loading, the same refusals, nothing saved — and shows the page again with
    /// <see cref="Confirmation"/>; the confirmed post takes the step and leaves, as the flash message, what it did.
    /// </summary>
    /// <param name="preview">The workflow's preview of the step.</param>
    /// <param name="step">The step, which tells what it did through its argument.</param>
    protected async Task<IActionResult> ConfirmedStepAsync(Func<Task<StepConsequences>> preview, Func<Action<StepConsequences>, Task> step,
        Func<IActionResult> onSuccess)
    {
        if (!ModelState.IsValid) return await ReshowAsync(HttpContext.RequestAborted);
        if (!Confirmed)
        {
            HttpContext.AuditPreview();
            var consequences = await preview();
            var page = await ReshowAsync(HttpContext.RequestAborted);
            Confirmation = consequences; // after the reshow, which may reload what the page shows
            return page;
        }
        StepConsequences? said = null;
        await step(s => said = s);
        if (said is not null) TempData["Flash"] = said.After;
        return onSuccess();
    }

    /// <summary>Runs a step once the form is valid; on success leaves the flash message and answers as told.</summary>
    protected async Task<IActionResult> StepAsync(Func<Task> step, string done, Func<IActionResult> onSuccess)
    {
        if (!ModelState.IsValid) return await ReshowAsync(HttpContext.RequestAborted); // e.g. a score that is not a number
        await step();
        if (done.Length > 0) TempData["Flash"] = done;
        return onSuccess();
    }

    /// <summary>
    /// Every handler runs inside this filter, so no page can show a refusal without putting it on record. Only a form's
    /// refusal is shown on the form; one from reading the page keeps its status (the error page, as anywhere else).
    /// </summary>
    public sealed override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        OnPageHandlerExecuting(context);
        if (context.Result is not null) return;
        var executed = await next();
        if (executed is { Exception: DomainException refusal, ExceptionHandled: false } && HttpMethods.IsPost(Request.Method))
        {
            HttpContext.AuditRefused(refusal);
            executed.ExceptionHandled = true;
            executed.Result = await RefusedAsync(refusal, HttpContext.RequestAborted);
        }
        OnPageHandlerExecuted(executed);
    }

    /// <summary>
    /// Shows a refusal on the form. A step the caller's role or post may not take answers 403: a refusal must never look
    /// like a success to a client that reads the status (the authorization matrix checks it).
    /// </summary>
    protected virtual Task<IActionResult> RefusedAsync(DomainException refusal, CancellationToken ct)
    {
        ModelState.AddModelError(Fields.GetValueOrDefault(Message, string.Empty),
            refusal.Code == "stale" && StaleNotice is { } notice ? notice : refusal.Message);
        foreach (var (field, messages) in refusal.Errors)
            if (InputFor(field) is { } input)
                foreach (var message in messages)
                    ModelState.AddModelError(input, message);
        if (refusal.Kind == DomainErrorKind.Forbidden) Response.StatusCode = StatusCodes.Status403Forbidden;
        return ReshowAsync(ct);
    }
}
