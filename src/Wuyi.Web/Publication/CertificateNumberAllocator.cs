using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;
using Wuyi.Web.Data;

namespace Wuyi.Web.Publication;

/// <summary>
/// 证书编号 for a publication (decision 0012): the districts' numbering turns, then one after the highest number of each
/// district and year on record. The turns are held until the publication commits; the unique index
/// <c>IX_Certifications_Number</c> has the last word.
/// </summary>
public static class CertificateNumberAllocator
{
    /// <summary>The series: its own advisory-lock space, next to the case numbers'.</summary>
    public static readonly NumberSeries Series = new(727368010, db => db.Certifications.Select(c => c.Number));

    /// <summary>The numbering turns of every district of these communities, in code order.</summary>
    public static ValueTask<IAsyncDisposable> TurnsAsync(WuyiDbContext db, IEnumerable<string> communityCodes, CancellationToken ct) =>
        Series.TurnsAsync(db, communityCodes.Select(DivisionCode.DistrictOf), ct);

    /// <summary>Where each district of these communities stands in the year of <paramref name="on"/>: read inside the turns.</summary>
    public static async Task<CertificateNumbering> NumberingAsync(WuyiDbContext db, IEnumerable<string> communityCodes, DateOnly on, CancellationToken ct)
    {
        var highest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var district in communityCodes.Select(DivisionCode.DistrictOf).Distinct(StringComparer.Ordinal))
        {
            var prefix = CertificateNumber.Prefix(district, on.Year);
            if (await Series.HighestAsync(db, prefix, ct) is { } number) highest[prefix] = CertificateNumber.SequenceOf(number, prefix);
        }
        return new CertificateNumbering(highest);
    }
}
