using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Rules;

/// <summary>Everything the engine judges from: no database, no clock of its own.</summary>
public sealed record EvaluationInput(
    ScaleVersion Scale,
    PassMarkSchedule PassMarks,
    string CommunityCode,
    IReadOnlyDictionary<string, decimal> Scores,
    IReadOnlyCollection<HotlineComplaint> Complaints,
    IReadOnlyCollection<VetoEvent> Vetoes,
    DateTimeOffset AsOf);

/// <summary>
/// Rules 1–5 of docs/rules.md in one place: scores against the scale, hotline deductions (rule 4),
/// the hard indicator (rule 2), one-vote vetoes (rule 3) and the pass mark in force (rule 1).
/// Pages and handlers ask it; they never decide a verdict themselves.
/// </summary>
public static class CertificationEngine
{
    public static Explanation Evaluate(EvaluationInput input)
    {
        var scale = input.Scale;
        scale.RequireValidScores(input.Scores, complete: true);

        var indicators = scale.Indicators
            .Select(i => new IndicatorResult(i.Code, i.PartCode, i.Name, i.Points, input.Scores[i.Code], i.Hard))
            .ToList();
        var subtotal = indicators.Sum(i => i.Score);
        var notCounted = new List<NotCounted>();

        var deductions = Deductions(input, notCounted);
        var uncapped = deductions.Sum(d => d.Points);
        var deductionTotal = Math.Min(uncapped, scale.Hotline.Maximum);
        var total = Math.Max(0, subtotal - deductionTotal);

        var vetoes = CountedVetoes(input, notCounted);
        var passMark = input.PassMarks.InForceOn(ProgrammeClock.DateOf(input.AsOf));
        var hardMet = indicators.All(i => i.Met);

        var reasons = new List<FailureReason>();
        if (total < passMark.Value) reasons.Add(FailureReason.BelowPassMark); // 85 分以上 includes 85 itself
        if (!hardMet) reasons.Add(FailureReason.HardIndicatorShort);
        if (vetoes.Count > 0) reasons.Add(FailureReason.Vetoed);

        return new Explanation(scale.Id, input.CommunityCode, input.AsOf, indicators, subtotal,
            deductions, uncapped, scale.Hotline.Maximum, deductionTotal, total, hardMet, vetoes, notCounted,
            passMark, reasons.Count == 0 ? Verdict.Pass : Verdict.Fail, reasons);
    }

    /// <summary>
    /// Rule 4 alone: the points a community's 12345 complaints deduct as of <paramref name="asOf"/>, capped — what
    /// <see cref="Evaluate"/> would subtract, for the statistics that sum it over many communities.
    /// </summary>
    public static decimal HotlineDeduction(HotlineDeductionRule rule, string communityCode, IReadOnlyCollection<HotlineComplaint> complaints, DateTimeOffset asOf) =>
        Math.Min(Deductions(rule, communityCode, complaints, asOf, []).Sum(d => d.Points), rule.Maximum);

    private static List<Deduction> Deductions(EvaluationInput input, List<NotCounted> notCounted) =>
        Deductions(input.Scale.Hotline, input.CommunityCode, input.Complaints, input.AsOf, notCounted);

    private static List<Deduction> Deductions(HotlineDeductionRule rule, string communityCode, IReadOnlyCollection<HotlineComplaint> complaints,
        DateTimeOffset asOf, List<NotCounted> notCounted)
    {
        var windowStart = asOf.AddDays(-rule.WindowDays);
        var result = new List<Deduction>();
        foreach (var c in complaints.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Number, StringComparer.Ordinal))
        {
            if (c.CommunityCode != communityCode)
            {
                notCounted.Add(new(c.Number, "诉求不属于本社区（村）"));
                continue;
            }
            if (c.Waived)
            {
                notCounted.Add(new(c.Number, "申诉复核成立，不予扣分"));
                continue;
            }
            if (!c.EpidemicRelated)
            {
                notCounted.Add(new(c.Number, "非涉疫诉求"));
                continue;
            }
            if (c.ReceivedAt < windowStart || c.ReceivedAt > asOf)
            {
                notCounted.Add(new(c.Number, $"受理时间不在评定前 {rule.WindowDays} 天内"));
                continue;
            }
            var late = c.AnsweredLate(asOf);
            var dissatisfied = c.FollowUp == FollowUpResult.Dissatisfied;
            if (late) result.Add(new(c.Number, DeductionKind.LateAnswer, rule.PerLateAnswer, c.ReceivedAt));
            if (dissatisfied) result.Add(new(c.Number, DeductionKind.DissatisfiedFollowUp, rule.PerDissatisfiedFollowUp, c.ReceivedAt));
            if (!late && !dissatisfied) notCounted.Add(new(c.Number, "按时答复且回访未不满意"));
        }
        return result;
    }

    private static List<VetoEvent> CountedVetoes(EvaluationInput input, List<NotCounted> notCounted)
    {
        var result = new List<VetoEvent>();
        foreach (var v in input.Vetoes.OrderBy(v => v.OccurredAt))
        {
            var reference = $"{VetoKindNames.Of(v.Kind)}（{v.Source}）";
            if (v.CommunityCode != input.CommunityCode)
                notCounted.Add(new(reference, "事件不属于本社区（村）"));
            else if (v.OccurredAt > input.AsOf)
                notCounted.Add(new(reference, "事件发生在评定之后"));
            else if (v.AnnulledAt is { } annulled && annulled <= input.AsOf)
                notCounted.Add(new(reference, "事件已被撤销"));
            else if (v.ClearedAt is { } cleared && cleared <= input.AsOf)
                notCounted.Add(new(reference, "整改已验收通过"));
            else if (v.Kind == VetoKind.CaseWithManagementLapse && !v.ManagementLapse)
                notCounted.Add(new(reference, "出现病例但无漏管失管，不实行一票否决"));
            else
                result.Add(v);
        }
        return result;
    }
}
