using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Publication;

namespace Wuyi.Web.PublicSite;

[AllowAnonymous]
[OutputCache(PolicyName = PublicOutputCache.Policy)]
public sealed class BatchesModel(PublicQueries queries) : PageModel
{
    public IReadOnlyList<PublicationBatch> Batches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Batches = await queries.BatchesAsync(ct);
}
