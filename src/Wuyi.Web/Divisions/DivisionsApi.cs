using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Divisions;

/// <summary>The division tree for pickers and clients: a node's children, or a search by a few characters of a name or code.</summary>
public static class DivisionsApi
{
    public sealed record DivisionView(string Code, string Name, DivisionLevel Level, string Path);

    public sealed record DivisionList(IReadOnlyList<DivisionView> Items, bool More);

    public static RouteGroupBuilder MapDivisionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/divisions", async (HttpContext http, DivisionDirectory directory, string? q, string? parent, DivisionLevel? level, CancellationToken ct) =>
            {
                var scope = directory.ScopeOf(http.User)!;
                if (!string.IsNullOrWhiteSpace(q))
                {
                    var (found, more) = await directory.SearchAsync(scope, q, level, ct);
                    return new DivisionList(found.Select(View).ToList(), more);
                }
                var children = await directory.ChildrenAsync(scope, parent, ct);
                return new DivisionList(children.Select(View).ToList(), false);
            })
            .WithTags("Divisions")
            .WithSummary("Divisions in the caller's subtree: with q, those whose name contains it or whose code begins with it (at most 20); else the children of parent (default: the caller's own node)")
            .RequireAuthorization(p => p.RequireAssertion(c => DivisionDirectory.MayChoose(c.User)));
        return api;
    }

    private static DivisionView View(DivisionPath p) => new(p.Code, p.Name, p.Level, p.Path);
}
