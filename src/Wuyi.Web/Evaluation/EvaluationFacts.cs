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

/// <summary>A veto event on record (一票否决事项).</summary>
public sealed class VetoEventRecord
{
    public Guid Id { get; set; }
    public required string CommunityCode { get; set; }
    public VetoKind Kind { get; set; }
    public DateTime OccurredAtUtc { get; set; }
    public required string Source { get; set; }
    public required string Description { get; set; }
    public bool ManagementLapse { get; set; }
    public DateTime RecordedAtUtc { get; set; }
    public required string RecordedByUserId { get; set; }
    public DateTime? AnnulledAtUtc { get; set; }
    public DateTime? ClearedAtUtc { get; set; }

    public VetoEvent ToFact() => new(Id, CommunityCode, Kind, ProgrammeClock.FromUtc(OccurredAtUtc), Source, Description,
        ManagementLapse, AnnulledAtUtc is { } a ? ProgrammeClock.FromUtc(a) : null, ClearedAtUtc is { } c ? ProgrammeClock.FromUtc(c) : null);
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
        var vetoes = await db.VetoEvents.AsNoTracking()
            .Where(v => v.CommunityCode == communityCode)
            .ToListAsync(ct);
        return (complaints.Select(c => c.ToFact()).ToList(), vetoes.Select(v => v.ToFact()).ToList());
    }
}
