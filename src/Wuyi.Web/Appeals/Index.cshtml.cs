using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Appeals;

/// <summary>申诉复核: the officials' queue in their subtree (open first by default), a community's own appeals; exports of the list.</summary>
[AuthorizeFor(Permission.FileAppeal, Permission.DecideAppeal)]
public sealed class IndexModel(AppealQueries queries) : WorkPageModel
{
    /// <summary>open (the default), decided, or all.</summary>
    [FromQuery] public string? State { get; set; }

    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AppealView> Result { get; private set; } = null!;

    public int OpenCount { get; private set; }

    public bool IsCommunity => Actor.Role == ProgrammeRole.Community;

    private AppealState? Filter => State switch { "all" or "decided" => null, _ => AppealState.Open };

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await queries.ListAsync(Actor, null, Filter, PageNumber, 50, ct, Decided);
        OpenCount = await queries.OpenCountAsync(Actor, ct);
    }

    private bool Decided => State == "decided";

    public IActionResult OnGetXlsx() => AppealsApi.Download(queries, Actor, ExportFormat.Xlsx, null, Filter, Decided);

    public IActionResult OnGetCsv() => AppealsApi.Download(queries, Actor, ExportFormat.Csv, null, Filter, Decided);

    public string ExportLink => $"/appeals?state={State}";

    public string PageLink(int page) => $"/appeals?state={State}&page={page}";
}
