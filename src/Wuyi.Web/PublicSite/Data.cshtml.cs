using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// 开放数据: the certified list as a dataset, described as an open-data portal describes one — what it is, who publishes it,
/// how often it changes, the terms, the schema (field names, types, meanings, examples) — with the current list in CSV, .xlsx
/// and JSON and every daily snapshot with the SHA-256 of each file. Not output-cached: a new day's snapshot does not move the
/// list's version, and the page is two small reads.
/// </summary>
[AllowAnonymous]
public sealed class DataModel(PublicQueries queries, OpenDataSnapshots snapshots) : PageModel
{
    public string City { get; private set; } = "";
    public int Count { get; private set; }
    public IReadOnlyList<SnapshotEntry> Snapshots { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        City = await queries.CityAsync(ct);
        Count = (await queries.SummaryAsync(ct)).Certified;
        Snapshots = await snapshots.ListAsync(ct);
    }
}
