using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Data;

namespace Wuyi.Web.Applications;

/// <summary>
/// The next case number (办件编号) of a district and year: one after the highest on record, or after the last this
/// allocator gave (several applications saved at once). Two nodes may pick the same number at the same moment: the
/// unique index refuses the second, which starts again (<see cref="ApplicationWorkflow.StartAsync"/>).
/// </summary>
public sealed class CaseNumberAllocator(WuyiDbContext db)
{
    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);

    public async Task<int> NextAsync(string districtCode, DateTimeOffset at, CancellationToken ct)
    {
        var prefix = CaseNumber.Prefix(districtCode, at);
        if (!_last.TryGetValue(prefix, out var last))
        {
            // Longest first: 2022-110108-10000 comes after 2022-110108-9999.
            var highest = await db.Applications.AsNoTracking()
                .Where(a => a.CaseNumber.StartsWith(prefix))
                .OrderByDescending(a => a.CaseNumber.Length).ThenByDescending(a => a.CaseNumber)
                .Select(a => a.CaseNumber).FirstOrDefaultAsync(ct);
            last = highest is null ? 0 : CaseNumber.SequenceOf(highest, prefix);
        }
        _last[prefix] = ++last;
        return last;
    }
}
