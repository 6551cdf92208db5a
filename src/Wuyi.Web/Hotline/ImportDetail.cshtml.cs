using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>One import on record: what it changed and the rows it left out.</summary>
[AuthorizeFor(Permission.ReadHotlineImports)]
public sealed class ImportDetailModel(HotlineQueries queries) : PageModel
{
    public ImportView Import { get; private set; } = null!;
    public ImportCommunities Communities { get; private set; } = new([], null, false);

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Import = await queries.ImportAsync(User.RequireActor(), id, ct);
        Communities = await queries.ImportCommunitiesAsync(User.RequireActor(), id, ct);
    }

    /// <summary>The rows it left out, as CSV or .xlsx.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct) =>
        await HotlineExport.RejectionsDownloadAsync(queries, User.RequireActor(), ExportFormat.Csv, id, ct);

    public async Task<IActionResult> OnGetXlsxAsync(Guid id, CancellationToken ct) =>
        await HotlineExport.RejectionsDownloadAsync(queries, User.RequireActor(), ExportFormat.Xlsx, id, ct);
}
