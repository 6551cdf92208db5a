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
    /// <summary>The series: its own advisory-lock space, beside the audit chain's key.</summary>
    public static readonly NumberSeries Series = new(727368009, db => db.Applications.Select(a => a.CaseNumber));

    /// <summary>The district's turn to number an application (<see cref="NumberSeries.TurnAsync"/>): read and taken in one turn.</summary>
    public static ValueTask<IAsyncDisposable> TurnAsync(WuyiDbContext db, string districtCode, CancellationToken ct) =>
        Series.TurnAsync(db, districtCode, ct);

    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);

    public async Task<int> NextAsync(string districtCode, DateTimeOffset at, CancellationToken ct)
    {
        var prefix = CaseNumber.Prefix(districtCode, at);
        if (!_last.TryGetValue(prefix, out var last))
            last = await Series.HighestAsync(db, prefix, ct) is { } highest ? CaseNumber.SequenceOf(highest, prefix) : 0;
        _last[prefix] = ++last;
        return last;
    }
}
