using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Vetoes;

/// <summary>一票否决事项 in the official's subtree, newest first; live ones, closed ones, or all.</summary>
[AuthorizeFor(Permission.RecordVeto)]
public sealed class IndexModel(DynamicQueries queries) : WorkPageModel
{
    [FromQuery] public string? Live { get; set; }
    [FromQuery] public string? Community { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<VetoView> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await queries.VetoesAsync(Actor, Community, Live switch { "yes" => true, "no" => false, _ => null }, PageNumber, 50, ct);

    public string PageLink(int page) => $"/vetoes?live={Live}&community={Community}&page={page}";
}
