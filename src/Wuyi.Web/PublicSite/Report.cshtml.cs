using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Common;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Audit;
using Wuyi.Web.ResidentReports;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// 我要反映问题: a resident reports a problem of a community without an account. Its own page, never output-cached (the
/// community's page is); works without JavaScript; a refusal keeps what was typed and says why beside the field.
/// </summary>
[AllowAnonymous]
[RequestSizeLimit(ResidentReportsApi.MaxBody)]
[RequestFormLimits(MultipartBodyLengthLimit = ResidentReportsApi.MaxBody)]
public sealed class ReportModel(ResidentReportIntake intake) : PageModel
{
    [FromRoute] public string Code { get; set; } = "";
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public bool Consent { get; set; }
    [BindProperty] public IFormFile? Photo { get; set; }

    public string CommunityName { get; private set; } = "";
    public long MaxMegabytes => intake.MaxPhotoBytes / (1024 * 1024);

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["kind"] = nameof(Kind), ["text"] = nameof(Text), ["contact"] = nameof(Contact), ["consent"] = nameof(Consent), ["photo"] = nameof(Photo),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            byte[]? photo = null;
            if (Photo is { } file && (file.Length > 0 || file.FileName.Length > 0))
            {
                if (file.Length > intake.MaxPhotoBytes) throw ResidentReportIntake.PhotoRefused($"照片超过 {MaxMegabytes} MB 的上限");
                await using var stream = file.OpenReadStream();
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                photo = buffer.ToArray();
            }
            var receipt = await intake.ReceiveAsync(HttpContext, Code,
                new ReportSubmission(ResidentReportsApi.KindOf(Kind), Text, Contact, Consent, photo), ct);
            return Redirect($"/public/reports/{ReceiptNumber.Format(receipt)}?new=true");
        }
        catch (DomainException refusal)
        {
            HttpContext.AuditRefused(refusal);
            ModelState.AddModelError(string.Empty, refusal.Message);
            foreach (var (field, messages) in refusal.Errors)
                if (Fields.TryGetValue(field, out var input))
                    foreach (var message in messages)
                        ModelState.AddModelError(input, message);
            return Page();
        }
        catch (TooManyReportsException limited)
        {
            ModelState.AddModelError(string.Empty, limited.Message);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "3600";
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        CommunityName = await intake.CommunityNameAsync(Code, ct) ?? "";
        return CommunityName.Length > 0;
    }
}
