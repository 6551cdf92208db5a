using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Common;
using Wuyi.Web.Audit;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement;

/// <summary>
/// A dynamic-management page (动态管理) that acts through <see cref="DynamicWorkflow"/>. A refusal comes back as
/// messages beside the fields the rule names (mapped from the workflow's field names to this page's inputs)
/// and at the top, and the page is shown again with what was typed.
/// </summary>
public abstract class DynamicPageModel : WorkPageModel
{
    /// <summary>The workflow's field names (camelCase, as in the API) → this page's input names.</summary>
    protected virtual IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>();

    protected async Task<IActionResult> ActAsync(Func<Task> step, string done, Func<IActionResult> onSuccess, Func<Task<IActionResult>> onRefused)
    {
        if (!ModelState.IsValid) return await onRefused();
        try
        {
            await step();
        }
        catch (DomainException ex)
        {
            HttpContext.AuditRefused(ex); // shown beside the form with 200, but a refusal on record
            ModelState.AddModelError(string.Empty, ex.Message);
            RefusedStatus(ex);
            foreach (var (field, messages) in ex.Errors)
                if (Fields.TryGetValue(field, out var input))
                    foreach (var message in messages)
                        ModelState.AddModelError(input, message);
            return await onRefused();
        }
        if (done.Length > 0) TempData["Flash"] = done;
        return onSuccess();
    }
}
