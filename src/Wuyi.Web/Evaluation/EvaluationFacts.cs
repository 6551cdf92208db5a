using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Web.Data;
using Wuyi.Web.Hotline;

namespace Wuyi.Web.Evaluation;

/// <summary>Loads what the engine judges a community on besides its scores: complaints and vetoes on record.</summary>
public static class EvaluationFacts
{
    public static async Task<(IReadOnlyList<HotlineComplaint> Complaints, IReadOnlyList<VetoEvent> Vetoes)> ForCommunityAsync(
        WuyiDbContext db, string communityCode, DateTimeOffset asOf, int windowDays, CancellationToken ct)
    {
        var from = asOf.AddDays(-windowDays).UtcDateTime;
        var complaints = await db.HotlineComplaints.AsNoTracking()
            .Where(c => c.CommunityCode == communityCode && c.ReceivedAtUtc >= from)
            .ToListAsync(ct);
        var vetoes = await db.Vetoes.AsNoTracking()
            .Where(v => v.CommunityCode == communityCode)
            .ToListAsync(ct);
        return (complaints.Select(c => c.ToFact()).ToList(), vetoes.Select(v => v.ToFact()).ToList());
    }
}
