using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Web.Data;

namespace Wuyi.Web.Evaluation;

/// <summary>A 12345 hotline complaint on record (市民热线诉求).</summary>
public sealed class HotlineComplaintRecord
{
    public required string Number { get; set; } // 工单编号, the hotline's own key
    public required string CommunityCode { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
    public bool EpidemicRelated { get; set; }
    public DateTime ResponseDeadlineUtc { get; set; }
    public DateTime? RespondedAtUtc { get; set; }
    public FollowUpResult FollowUp { get; set; }
    public DateTime ImportedAtUtc { get; set; }

    public HotlineComplaint ToFact() => new(Number, CommunityCode, ProgrammeClock.FromUtc(ReceivedAtUtc), EpidemicRelated,
        ProgrammeClock.FromUtc(ResponseDeadlineUtc), RespondedAtUtc is { } r ? ProgrammeClock.FromUtc(r) : null, FollowUp);
}

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
