using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.ResidentReports;

namespace Wuyi.Web.PublicSite;

/// <summary>The receipt lookup form: a readable number goes to its status page, whatever its spelling; anything else is a 404 here.</summary>
[AllowAnonymous]
public sealed class ReportLookupModel : PageModel
{
    public string? Query { get; private set; }

    public IActionResult OnGet(string? q)
    {
        Query = q?.Trim();
        if (string.IsNullOrEmpty(Query)) return Page();
        if (ReceiptNumber.Normalise(Query) is { } receipt) return Redirect($"/public/reports/{ReceiptNumber.Format(receipt)}");
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
