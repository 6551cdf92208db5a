using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Hotline;

/// <summary>
/// What an import did to the 12345 deductions (扣分) of the communities it touched: each one's deduction before the
/// import wrote and after, by the engine's one rule (<see cref="CertificationEngine.HotlineDeduction"/>), as of the
/// import's time. A community with a standing title is judged by its title's scale, as the re-evaluation check judges
/// it; any other by the scale in force.
/// <para>
/// Kept on the import as a JSON object, community code → [before, after], for the touched communities with any
/// deduction before or after: a touched community not listed had none either side. That bounds it by the communities
/// with deductions, not by the import's size.
/// </para>
/// </summary>
public static class ImportDeductions
{
    /// <summary>
    /// Before and after for the <paramref name="touched"/> communities, from the complaints on record now (this import's
    /// rows written) and <paramref name="replaced"/>, the versions its updates overwrote. Two queries and the titles'
    /// scales, whatever the number of communities.
    /// </summary>
    public static async Task<Dictionary<string, decimal[]>> ComputeAsync(WuyiDbContext db, ScaleCatalog scales, StandingRecheck recheck,
        Guid importId, IReadOnlyCollection<string> touched, IReadOnlyList<HotlineComplaintRecord> replaced, DateTimeOffset asOf, CancellationToken ct)
    {
        var result = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        if (touched.Count == 0) return result;
        var codes = touched.ToList();

        var inForce = (await scales.InForceAsync(db, ProgrammeClock.DateOf(asOf), ct)).Hotline;
        var rules = new Dictionary<string, HotlineDeductionRule>(StringComparer.Ordinal);
        foreach (var title in await recheck.StandingTitlesAsync(codes, ct))
            rules[title.CommunityCode] = (await scales.GetAsync(db, title.ScaleVersionId, ct)).Hotline;
        var windowDays = rules.Values.Append(inForce).Max(r => r.WindowDays);

        // Only what the engine could count: epidemic complaints in the widest window.
        var from = asOf.AddDays(-windowDays).UtcDateTime;
        var to = asOf.UtcDateTime;
        var now = await db.HotlineComplaints.AsNoTracking()
            .Where(c => codes.Contains(c.CommunityCode) && c.EpidemicRelated && c.ReceivedAtUtc >= from && c.ReceivedAtUtc <= to)
            .ToListAsync(ct);

        var after = now.GroupBy(c => c.CommunityCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.ToFact()).ToList(), StringComparer.Ordinal);
        // Before: what this import did not write, and the versions it overwrote.
        var before = now.Where(c => c.ImportId != importId).Concat(replaced.Where(c => c.EpidemicRelated))
            .GroupBy(c => c.CommunityCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.ToFact()).ToList(), StringComparer.Ordinal);

        foreach (var code in codes)
        {
            var rule = rules.GetValueOrDefault(code, inForce);
            var b = before.TryGetValue(code, out var bf) ? CertificationEngine.HotlineDeduction(rule, code, bf, asOf) : 0m;
            var a = after.TryGetValue(code, out var af) ? CertificationEngine.HotlineDeduction(rule, code, af, asOf) : 0m;
            if (b != 0 || a != 0) result[code] = [b, a];
        }
        return result;
    }

    public static string Serialize(Dictionary<string, decimal[]> deductions) => JsonSerializer.Serialize(deductions, WuyiDbContext.Json);

    /// <summary>The stored deductions; null for an import made before they were kept.</summary>
    public static Dictionary<string, decimal[]>? Parse(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal[]>>(json, WuyiDbContext.Json) ?? [];
}
