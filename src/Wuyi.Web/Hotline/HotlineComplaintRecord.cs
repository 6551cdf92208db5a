using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;

namespace Wuyi.Web.Hotline;

/// <summary>A 12345 hotline complaint on record (市民热线诉求), keyed by the hotline's own number.</summary>
public sealed class HotlineComplaintRecord
{
    public required string Number { get; set; } // 工单编号
    public required string CommunityCode { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
    public bool EpidemicRelated { get; set; } // 涉疫诉求
    public DateTime ResponseDeadlineUtc { get; set; }
    public DateTime? RespondedAtUtc { get; set; }
    public FollowUpResult FollowUp { get; set; }

    /// <summary>When the complaint first came in through an import.</summary>
    public DateTime ImportedAtUtc { get; set; }

    /// <summary>The import that last wrote it (null for complaints older than the import log).</summary>
    public Guid? ImportId { get; set; }

    /// <summary>The upheld appeal (申诉复核成立) that took the complaint out of the deductions, if any; an import never clears it.</summary>
    public Guid? WaivedByAppealId { get; set; }

    public HotlineComplaint ToFact() => new(Number, CommunityCode, ProgrammeClock.FromUtc(ReceivedAtUtc), EpidemicRelated,
        ProgrammeClock.FromUtc(ResponseDeadlineUtc), RespondedAtUtc is { } r ? ProgrammeClock.FromUtc(r) : null, FollowUp,
        WaivedByAppealId is not null);
}
