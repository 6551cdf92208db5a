using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.ReEvaluations;

/// <summary>The re-evaluation queue (重新评定) of a district or the city: open items first, or every item.</summary>
[AuthorizeFor(Permission.ReEvaluate)]
public sealed class IndexModel(DynamicQueries queries) : WorkPageModel
{
    [FromQuery] public bool Open { get; set; } = true;
    [FromQuery] public string? Community { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<ReEvaluationView> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await queries.ReEvaluationsAsync(Actor, Community, Open, PageNumber, 50, ct);

    public string PageLink(int page) => $"/re-evaluations?open={Open}&community={Community}&page={page}";
}
