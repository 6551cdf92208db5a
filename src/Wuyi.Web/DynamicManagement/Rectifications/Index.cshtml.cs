using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Rectifications;

/// <summary>整改任务 in the account's subtree (a community sees its own, a street its communities' — read only).</summary>
public sealed class IndexModel(DynamicQueries queries) : WorkPageModel
{
    [FromQuery] public RectificationState? State { get; set; }
    [FromQuery] public string? Community { get; set; }
    [FromQuery] public bool Overdue { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<RectificationView> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await queries.RectificationsAsync(Actor, Community, State, Overdue, PageNumber, 50, ct);

    public string PageLink(int page) => $"/rectifications?state={State}&community={Community}&overdue={Overdue}&page={page}";
}
