using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Web.ResidentReports;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// Where a report stands, by its receipt number (反映办理查询): received, being checked, passed to inspection, or closed with
/// its public outcome line. Nothing of what was reported (text, photo, phone) is shown. Not cached: it changes with each step.
/// </summary>
[AllowAnonymous]
public sealed class ReportStatusModel(ResidentReportQueries queries) : PageModel
{
    public ReportReceiptStatus? Status { get; private set; }

    /// <summary>Just sent: the page says so and asks the resident to keep the number.</summary>
    public bool JustSent { get; private set; }

    public string Typed { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string receipt, bool? @new, CancellationToken ct)
    {
        Typed = receipt;
        Status = await queries.ByReceiptAsync(receipt, ct);
        if (Status is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (Status.Receipt != receipt) return Redirect($"/public/reports/{Status.Receipt}"); // one spelling per report
        JustSent = @new == true;
        return Page();
    }
}
