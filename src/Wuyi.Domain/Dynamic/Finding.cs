using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Dynamic;

/// <summary>
/// Why a standing title goes onto its district's re-evaluation queue (列入重新评定): the engine's answer (null when
/// the title cannot be judged under the new rules) and the words the district reads.
/// </summary>
public sealed record Finding(Explanation? Explanation, string Detail)
{
    /// <summary>The 12345 complaints on record now take the title's certifying total below the pass mark; null otherwise.</summary>
    public static Finding? AfterComplaints(ScaleVersion scale, PassMarkSchedule passMarks, string communityCode,
        IReadOnlyDictionary<string, decimal> certifyingScores, IReadOnlyCollection<HotlineComplaint> complaints, DateTimeOffset asOf)
    {
        var e = DynamicRules.Recheck(scale, passMarks, communityCode, certifyingScores, complaints, asOf);
        return e.Passes || !e.FailureReasons.Contains(FailureReason.BelowPassMark) ? null
            : new(e, $"12345诉求扣 {ScaleVersion.Format(e.DeductionTotal)} 分后总分 {ScaleVersion.Format(e.Total)} 分，低于 {ScaleVersion.Format(e.PassMark.Value)} 分的达标线（工单 {string.Join("、", e.Deductions.Select(d => d.ComplaintNumber).Distinct())}）");
    }
}
