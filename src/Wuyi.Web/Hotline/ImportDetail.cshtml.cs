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
    public IReadOnlyList<ImportCommunity> Communities { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Import = await queries.ImportAsync(User.RequireActor(), id, ct);
        Communities = await queries.ImportCommunitiesAsync(User.RequireActor(), id, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct)
    {
        var import = await queries.ImportAsync(User.RequireActor(), id, ct);
        var bytes = CsvExport.Build(["行号", "工单编号", "列", "问题"], import.Rejections.Select(r => new[] { r.Row.ToString(), r.Number, r.Field, r.Reason }));
        return File(bytes, "text/csv; charset=utf-8", $"未导入的行-{import.AtUtc:yyyyMMddHHmm}.csv");
    }
}
