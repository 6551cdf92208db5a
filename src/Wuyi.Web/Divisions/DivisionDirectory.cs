using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Divisions;

/// <summary>A node with the names above it, so that a person sees where it is before choosing it.</summary>
public sealed record DivisionPath(string Code, string Name, DivisionLevel Level, string? DistrictName, string? StreetName)
{
    /// <summary>海淀区 › 羊坊店街道 › 翠微路社区居委会</summary>
    public string Path => string.Join(" › ", new[] { DistrictName, StreetName, Name }.Where(n => n is not null));
}

/// <summary>
/// What a picker's text names: one node (typed or chosen as a code, or the only name that matches), or the
/// nodes whose names contain it, for the person to choose from. <see cref="Chosen"/> and a non-empty
/// <see cref="Candidates"/> never come together.
/// </summary>
public sealed record DivisionPick(string Text, DivisionPath? Chosen, IReadOnlyList<DivisionPath> Candidates, bool More)
{
    public static readonly DivisionPick None = new("", null, [], false);

    public bool IsEmpty => Text.Length == 0;

    /// <summary>The text named nothing the caller may pick.</summary>
    public bool NotFound => !IsEmpty && Chosen is null && Candidates.Count == 0;

    /// <summary>The code a list is filtered by: the chosen node, or the text itself while nothing is chosen.</summary>
    public string? FilterCode => IsEmpty ? null : Chosen?.Code ?? Text;
}

/// <summary>
/// The division tree as people choose from it (区 → 街道 → 社区（村）, or a few characters of a name or code), each
/// caller inside its own subtree: an official its node's, the security administrator the programme's.
/// </summary>
public sealed class DivisionDirectory(WuyiDbContext db, IOptions<WuyiOptions> options)
{
    public const int Limit = 20;

    /// <summary>The node a caller chooses under, or null for a caller who may not choose divisions.</summary>
    public string? ScopeOf(ClaimsPrincipal user) =>
        user.ToActor()?.DivisionCode ?? (ChoosesEverywhere(user) ? options.Value.Province : null);

    /// <summary>Who may choose divisions at all: an official (in its subtree) or the security administrator (anywhere).</summary>
    public static bool MayChoose(ClaimsPrincipal user) => user.ToActor() is not null || ChoosesEverywhere(user);

    private static bool ChoosesEverywhere(ClaimsPrincipal user) => user.HasClaim(WuyiClaims.Administrator, AdministratorPolicies.Security);

    /// <summary>The children of <paramref name="parent"/> (the scope's own when null) that lie in the scope, by code.</summary>
    public async Task<IReadOnlyList<DivisionPath>> ChildrenAsync(string scope, string? parent, CancellationToken ct)
    {
        var under = string.IsNullOrWhiteSpace(parent) ? scope : parent.Trim();
        if (!DivisionCode.Covers(scope, under)) return [];
        // Beijing's prefecture level (市辖区) is bookkeeping: below the city come its districts.
        var query = DivisionCode.LevelOf(under) == DivisionLevel.Province
            ? db.Divisions.AsNoTracking().Under(d => d.Code, under).Where(d => d.Level == DivisionLevel.District)
            : db.Divisions.AsNoTracking().Where(d => d.ParentCode == under);
        var nodes = await query.OrderBy(d => d.Code).ToListAsync(ct);
        return await WithPathsAsync(nodes, ct);
    }

    /// <summary>
    /// The nodes in the scope whose name contains <paramref name="text"/> or whose code begins with it, at
    /// <paramref name="level"/> or (when null) at any level below the scope; at most <see cref="Limit"/>.
    /// </summary>
    public async Task<(IReadOnlyList<DivisionPath> Found, bool More)> SearchAsync(string scope, string text, DivisionLevel? level, CancellationToken ct)
    {
        var term = text.Trim();
        if (term.Length == 0) return ([], false);
        var query = db.Divisions.AsNoTracking().Under(d => d.Code, scope).Where(d => d.Code != scope && d.Level != DivisionLevel.Prefecture);
        if (level is { } l) query = query.Where(d => d.Level == l);
        query = IsDigits(term) ? query.Under(d => d.Code, term) : query.Where(d => d.Name.Contains(term));
        // A name that is the text itself comes first, then the higher levels, then code order.
        var nodes = await query.OrderBy(d => d.Name == term ? 0 : 1).ThenBy(d => d.Level).ThenBy(d => d.Code).Take(Limit + 1).ToListAsync(ct);
        return (await WithPathsAsync(nodes.Take(Limit).ToList(), ct), nodes.Count > Limit);
    }

    /// <summary>The node with this code when it lies in the scope (at <paramref name="level"/> when given).</summary>
    public async Task<DivisionPath?> FindAsync(string scope, string code, DivisionLevel? level, CancellationToken ct)
    {
        var c = code.Trim();
        if (!DivisionCode.Covers(scope, c) || (level is { } l && DivisionCode.LevelOf(c) != l)) return null;
        var node = await db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == c, ct);
        return node is null ? null : (await WithPathsAsync([node], ct))[0];
    }

    /// <summary>What a picker's text names (see <see cref="DivisionPick"/>).</summary>
    public async Task<DivisionPick> PickAsync(string scope, string? text, DivisionLevel? level, CancellationToken ct)
    {
        var term = text?.Trim() ?? "";
        if (term.Length == 0) return DivisionPick.None;
        if (DivisionCode.IsValid(term))
        {
            var node = await FindAsync(scope, term, level, ct);
            if (node is not null || term == scope) return new DivisionPick(term, node, [], false);
        }
        var (found, more) = await SearchAsync(scope, term, level, ct);
        return found.Count == 1 && !more
            ? new DivisionPick(term, found[0], [], false)
            : new DivisionPick(term, null, found, more);
    }

    /// <inheritdoc cref="PickAsync(string, string?, DivisionLevel?, CancellationToken)"/>
    public Task<DivisionPick> PickAsync(ClaimsPrincipal user, string? text, DivisionLevel? level, CancellationToken ct) =>
        ScopeOf(user) is { } scope ? PickAsync(scope, text, level, ct) : Task.FromResult(DivisionPick.None);

    private async Task<IReadOnlyList<DivisionPath>> WithPathsAsync(IReadOnlyList<Division> nodes, CancellationToken ct)
    {
        var above = nodes.SelectMany(n => new[] { Above(n.Code, 6), Above(n.Code, 9) }).OfType<string>().Distinct().ToList();
        var names = above.Count == 0 ? new Dictionary<string, string>()
            : await db.Divisions.AsNoTracking().Where(d => above.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        return nodes.Select(n => new DivisionPath(n.Code, n.Name, n.Level,
            Above(n.Code, 6) is { } d ? names.GetValueOrDefault(d) : null,
            Above(n.Code, 9) is { } s ? names.GetValueOrDefault(s) : null)).ToList();
    }

    // The district (6) or street (9) code above a node, when the node lies below that level.
    private static string? Above(string code, int length) => code.Length > length ? code[..length] : null;

    private static bool IsDigits(string s) => s.All(char.IsAsciiDigit);
}

/// <summary>
/// A field where a person names a division (Shared/_DivisionPicker): typed text (a name's few characters or a code),
/// with what it named — the chosen node's full path, or the candidates to choose from.
/// </summary>
/// <param name="Name">The form field, also the input's id.</param>
/// <param name="Level">The level that must be chosen (a veto names a community), or null for any level below the caller's node.</param>
/// <param name="Compact">A list's filter: no help line unless there is something to say, so the box lines up with the button.</param>
/// <param name="Id">The input's id when several pickers on a page send the same field (a table's rows); by default <paramref name="Name"/>.</param>
/// <param name="LabelHidden">The label is read by screen readers only (a table row, whose column says what the field is).</param>
public sealed record DivisionPicker(string Name, string Label, DivisionPick Pick, DivisionLevel? Level, string? Help = null, bool Compact = false,
    string? Id = null, bool LabelHidden = false)
{
    public string InputId => Id ?? Name;
}
